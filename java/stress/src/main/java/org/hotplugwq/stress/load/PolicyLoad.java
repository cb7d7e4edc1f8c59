package org.hotplugwq.stress.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.hotplugwq.stress.Watchdog;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.workqueue.WorkqueueSystem;

/**
 * The load of one policy's system: its long-lived workqueues (some multi-threaded, one single-threaded, and
 * keventd), each with its pools of tickets, what the producers queue through, and the ledger every ticket
 * reports to. After the run, {@link #quiesce} flushes and destroys them and counts what was lost.
 */
public final class PolicyLoad {
    static final int PLAIN_TICKETS = 48;
    static final int DELAYED_TICKETS = 8;

    private final String name;
    private final WorkqueueSystem system;
    private final WorkQueuer queuer;
    private final Ledger ledger;
    private final List<LoadQueue> queues = new ArrayList<>();
    private final LongAdder shortlivedCreated = new LongAdder();
    private final LongAdder lostInShortlived = new LongAdder(); // their tickets still in flight after destroy
    private volatile long lost; // set by quiesce (the body thread), read by the report

    /**
     * @param workqueues multi-threaded workqueues, besides one single-threaded and keventd
     * @param spinNanos how long each work spins
     */
    public PolicyLoad(String name, WorkqueueSystem system, WorkQueuer queuer, Ledger ledger, int workqueues,
                      long spinNanos) {
        this.name = name;
        this.system = system;
        this.queuer = queuer;
        this.ledger = ledger;
        for (int i = 0; i < workqueues; i++) {
            queues.add(LoadQueue.of(system.createWorkqueue(name + "-wq" + i), ledger, PLAIN_TICKETS,
                    DELAYED_TICKETS, spinNanos));
        }
        queues.add(LoadQueue.of(system.createSinglethreadWorkqueue(name + "-single"), ledger, PLAIN_TICKETS / 2,
                DELAYED_TICKETS / 2, spinNanos));
        queues.add(LoadQueue.of(system.keventd(), ledger, PLAIN_TICKETS / 2, DELAYED_TICKETS / 2, spinNanos));
    }

    String name() {
        return name;
    }

    WorkqueueSystem system() {
        return system;
    }

    WorkQueuer queuer() {
        return queuer;
    }

    Ledger ledger() {
        return ledger;
    }

    List<LoadQueue> queues() {
        return queues;
    }

    /** A producer created a short-lived workqueue. */
    void noteShortlivedCreated() {
        shortlivedCreated.increment();
    }

    /** {@code notRun} tickets of a short-lived workqueue were still in flight after its destroy. */
    void noteShortlivedLost(int notRun) {
        lostInShortlived.add(notRun);
    }

    /** Short-lived workqueues created and destroyed by the producers. */
    public long shortlivedCreated() {
        return shortlivedCreated.sum();
    }

    /** Instances still in flight after {@link #quiesce}: lost. */
    public long lost() {
        return lost;
    }

    /**
     * After the load stopped and every CPU is back: cancel armed timers, flush and check, destroy and
     * check, close the system; whatever is still in flight then was lost.
     */
    public void quiesce(Watchdog watchdog) {
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
            try (Watchdog.Token ignored = watchdog.track(name + ": final flush of " + q.wq().name())) {
                q.wq().flush();
            }
            long returned = System.nanoTime();
            ledger.flushChecked(checkEnded(q.plain(), seen, returned) & checkEnded(q.delayed(), seenDelayed, returned),
                    name + ": the final flush of " + q.wq().name() + " returned before work queued earlier ended");
        }
        for (LoadQueue q : queues) {
            if (q.wq() == system.keventd()) {
                continue;
            }
            try (Watchdog.Token ignored = watchdog.track(name + ": destroy of " + q.wq().name())) {
                q.wq().destroy();
            }
            ledger.destroyChecked(countBusy(q.plain()) + countBusy(q.delayed()) == 0,
                    name + ": destroy of " + q.wq().name() + " returned with work not run");
        }
        try (Watchdog.Token ignored = watchdog.track(name + ": closing the workqueue system")) {
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
    static long[] snapshot(Ticket[] tickets) {
        long[] seen = new long[tickets.length];
        for (int i = 0; i < tickets.length; i++) {
            Ticket t = tickets[i];
            long n = t.queuedInstance();
            seen[i] = n > 0 && t.delayed && t.delayedWork().isTimerArmed() ? 0 : n;
        }
        return seen;
    }

    /** Whether every instance in {@code seen} ended before the flush returned at {@code returnedNanos}. */
    static boolean checkEnded(Ticket[] tickets, long[] seen, long returnedNanos) {
        boolean ok = true;
        for (int i = 0; i < tickets.length; i++) {
            if (seen[i] > 0 && !tickets[i].endedBefore(seen[i], returnedNanos)) {
                ok = false;
            }
        }
        return ok;
    }

    static long countBusy(Ticket[] tickets) {
        long n = 0;
        for (Ticket t : tickets) {
            n += t.isBusy() ? 1 : 0;
        }
        return n;
    }
}
