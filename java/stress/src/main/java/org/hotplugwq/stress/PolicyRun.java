package org.hotplugwq.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.stress.load.LoadQueue;
import org.hotplugwq.stress.load.Ticket;
import org.hotplugwq.stress.load.WorkQueuer;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.hotplugwq.stress.verdict.ExecutionCollector;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.WorkqueueSystem;

/**
 * One policy's side of the run: its workqueue system (told of every hotplug action by the fan-out), the
 * long-lived workqueues of the load, the ledger and the execution collector.
 */
public final class PolicyRun {
    static final int PLAIN_TICKETS = 48;
    static final int DELAYED_TICKETS = 8;

    final HotplugPolicy policy;
    public final WorkqueueSystem system;
    final CpuNotifier notifier;
    public final WorkQueuer queuer;
    public final Ledger ledger = new Ledger();
    public final ExecutionCollector collector;
    public final CallbackTimings timings = new CallbackTimings();
    public final List<LoadQueue> queues = new ArrayList<>();
    public final LongAdder shortlivedCreated = new LongAdder();
    public final LongAdder lostInShortlived = new LongAdder(); // their tickets still in flight after destroy
    public volatile long lost;   // set by quiesce (the body thread), read by the report
    public volatile String quiesceError;

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

    public String name() {
        return policy.cliName();
    }

    /**
     * After the load stopped and every CPU is back: cancel armed timers, flush and check, destroy and
     * check, close the system; whatever is still in flight then was lost.
     */
    void quiesce(Watchdog watchdog) {
        for (LoadQueue q : queues) {
            for (Ticket t : q.delayed()) {
                long callStarted = System.nanoTime();
                if (t.isBusy() && t.delayedWork().cancel()) {
                    t.cancelled(callStarted);
                }
            }
        }
        for (LoadQueue q : queues) {
            long[] seen = snapshot(q.plain());
            long[] seenDelayed = snapshot(q.delayed());
            try (Watchdog.Token ignored = watchdog.track(name() + ": final flush of " + q.wq().name())) {
                q.wq().flush();
            }
            long returned = System.nanoTime();
            ledger.flushChecked(checkEnded(q.plain(), seen, returned) & checkEnded(q.delayed(), seenDelayed, returned),
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

    /**
     * Before a flush: the instance of each ticket it must wait for (0: none). A delayed ticket counts only
     * when its timer is not armed when we look, after reading the instance: the timer fires by queuing the
     * work under the timer lock that {@code isTimerArmed()} takes, so "not armed" proves the instance was
     * on a queue (or already ended, or cancelled) before the flush was called. One whose timer is still
     * armed is not the flush's business ({@code flush_workqueue()} does not wait for timers).
     */
    public static long[] snapshot(Ticket[] tickets) {
        long[] seen = new long[tickets.length];
        for (int i = 0; i < tickets.length; i++) {
            Ticket t = tickets[i];
            long n = t.queuedInstance();
            seen[i] = n > 0 && t.delayed && t.delayedWork().isTimerArmed() ? 0 : n;
        }
        return seen;
    }

    /** Whether every instance in {@code seen} ended before the flush returned at {@code returnedNanos}. */
    public static boolean checkEnded(Ticket[] tickets, long[] seen, long returnedNanos) {
        boolean ok = true;
        for (int i = 0; i < tickets.length; i++) {
            if (seen[i] > 0 && !tickets[i].endedBefore(seen[i], returnedNanos)) {
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
