package org.hotplugwq.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.hotplugwq.hotplug.CpuNotifier;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.WorkqueueSystem;

/**
 * One policy's side of the run: its workqueue system (told of every hotplug action by the fan-out), the
 * long-lived workqueues of the load, the ledger and the execution collector.
 */
final class PolicyRun {
    static final int PLAIN_TICKETS = 48;
    static final int DELAYED_TICKETS = 8;

    final HotplugPolicy policy;
    final WorkqueueSystem system;
    final CpuNotifier notifier;
    final WorkQueuer queuer;
    final Ledger ledger = new Ledger();
    final ExecutionCollector collector;
    final CallbackTimings timings = new CallbackTimings();
    final List<LoadQueue> queues = new ArrayList<>();
    final LongAdder shortlivedCreated = new LongAdder();
    final LongAdder lostInShortlived = new LongAdder(); // their tickets still in flight after destroy
    volatile long lost;   // set by quiesce (the body thread), read by the report
    volatile String quiesceError;

    PolicyRun(HotplugPolicy policy, StressMachine machine, StressOptions options, StressHooks hooks,
              long originNanos) {
        this.policy = policy;
        int seconds = (int) Math.max(1, options.duration().toSeconds() + 120);
        this.collector = new ExecutionCollector(originNanos, seconds);
        this.system = WorkqueueSystem.builder(machine.platform()).policy(policy).observer(collector).build();
        this.notifier = hooks.notifier().apply(policy, system);
        this.queuer = hooks.queuer().apply(policy, WorkQueuer.DIRECT);
        long spin = options.workTime().toNanos();
        for (int i = 0; i < options.workqueues(); i++) {
            queues.add(LoadQueue.of(system.createWorkqueue(policy.cliName() + "-wq" + i), ledger, PLAIN_TICKETS, DELAYED_TICKETS, spin));
        }
        queues.add(LoadQueue.of(system.createSinglethreadWorkqueue(policy.cliName() + "-single"), ledger, PLAIN_TICKETS / 2,
                DELAYED_TICKETS / 2, spin));
        queues.add(LoadQueue.of(system.keventd(), ledger, PLAIN_TICKETS / 2, DELAYED_TICKETS / 2, spin));
    }

    String name() {
        return policy.cliName();
    }

    /**
     * After the load stopped and every CPU is back: cancel armed timers, flush and check, destroy and
     * check, close the system; whatever is still in flight then was lost.
     */
    void quiesce(Watchdog watchdog) {
        for (LoadQueue q : queues) {
            for (Ticket t : q.delayed()) {
                if (t.isBusy() && t.delayedWork().cancel()) {
                    t.cancelled();
                }
            }
        }
        for (LoadQueue q : queues) {
            long[] seen = snapshot(q.plain());
            try (Watchdog.Token ignored = watchdog.track(name() + ": final flush of " + q.wq().name())) {
                q.wq().flush();
            }
            ledger.flushChecked(checkEnded(q.plain(), seen),
                    name() + ": the final flush of " + q.wq().name() + " returned before work queued earlier ended");
        }
        for (LoadQueue q : queues) {
            if (q.wq() == system.keventd()) {
                continue;
            }
            try (Watchdog.Token ignored = watchdog.track(name() + ": destroy of " + q.wq().name())) {
                q.wq().destroy();
            }
            ledger.destroyChecked(noneBusy(q), name() + ": destroy of " + q.wq().name()
                    + " returned with work not run");
        }
        try (Watchdog.Token ignored = watchdog.track(name() + ": closing the workqueue system")) {
            system.close();
        }
        long stillBusy = 0;
        for (LoadQueue q : queues) {
            stillBusy += countBusy(q.plain()) + countBusy(q.delayed());
        }
        lost = stillBusy + lostInShortlived.sum();
    }

    static long[] snapshot(Ticket[] tickets) {
        long[] seen = new long[tickets.length];
        for (int i = 0; i < tickets.length; i++) {
            seen[i] = tickets[i].queuedInstance();
        }
        return seen;
    }

    static boolean checkEnded(Ticket[] tickets, long[] seen) {
        boolean ok = true;
        for (int i = 0; i < tickets.length; i++) {
            if (seen[i] > 0 && !tickets[i].endedSince(seen[i])) {
                ok = false;
            }
        }
        return ok;
    }

    private static boolean noneBusy(LoadQueue q) {
        return countBusy(q.plain()) + countBusy(q.delayed()) == 0;
    }

    private static long countBusy(Ticket[] tickets) {
        long n = 0;
        for (Ticket t : tickets) {
            n += t.isBusy() ? 1 : 0;
        }
        return n;
    }
}
