package org.hotplugwq.stress.load;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.workqueue.DelayedWork;
import org.hotplugwq.workqueue.Work;

/**
 * One reusable work item of the load and its place in the ledger. A producer claims an idle ticket, arms
 * it and queues it, and the ticket stays busy until its function has finished or a cancel took it off the
 * queue: so at most one instance is in flight and each instance is numbered, which makes the exactly-once
 * and flush checks exact.
 *
 * <p>A run credits the instance it was queued as: {@link #arm()} writes the number right before
 * {@code queue()}, and the run reads it when it starts (the queue's hand-over to the worker orders the two,
 * as {@code queue_work()} does for the kernel's worker). A duplicate run of instance i that starts before
 * i+1 was armed credits i and is counted as a duplicate, even if it ends after i+1 was claimed and even if
 * i+1 is then lost. (A duplicate that starts after i+1 was armed and queued cannot be told from i+1's own
 * run by anything the work sees; that leaves only the instructions between {@code arm()} and the insertion.)
 */
final class Ticket {
    private static final int CANCEL_HISTORY = 4;

    final Work work;
    final boolean delayed;
    private final Ledger ledger;
    private final long spinNanos;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The instance claimed last (written only by the claimant, which holds {@link #busy}). */
    private volatile long instance;
    /** The instance the next run credits: written by {@link #arm()} just before queue(), read by the run first. */
    private volatile long queuedAs;
    /** The newest instance whose queue() returned true: anything a flush must wait for. */
    private final AtomicLong queuedInstance = new AtomicLong();
    /** The last instance that finished or was cancelled. */
    private final AtomicLong completed = new AtomicLong();
    /** Cancels in progress: a flush checker waits for them before calling a missing instance lost. */
    final AtomicInteger cancelling = new AtomicInteger();
    /** The last few instances removed by a cancel, and when the cancel call started (guarded by this). */
    private final long[] cancelledInstance = new long[CANCEL_HISTORY];
    private final long[] cancelStartedNanos = new long[CANCEL_HISTORY];
    private int cancelNext; // guarded by this

    Ticket(Ledger ledger, boolean delayed, long spinNanos) {
        this.ledger = ledger;
        this.delayed = delayed;
        this.spinNanos = spinNanos;
        this.work = delayed ? new DelayedWork(w -> run()) : new Work(w -> run());
    }

    DelayedWork delayedWork() {
        return (DelayedWork) work;
    }

    /** Takes the ticket for a new instance and returns its number; 0 when it is still in flight. */
    long claim() {
        if (!busy.compareAndSet(false, true)) {
            return 0;
        }
        return ++instance;
    }

    /** The work, armed as the claimed instance: call as the argument of queue() (nothing in between). */
    Work arm() {
        queuedAs = instance;
        return work;
    }

    /** {@link #arm()} for a delayed ticket. */
    DelayedWork armDelayed() {
        queuedAs = instance;
        return delayedWork();
    }

    /** queue() said yes to instance {@code n}: it is in the ledger (it may even have run already). */
    void queued(long n) {
        queuedInstance.accumulateAndGet(n, Math::max);
        ledger.queued();
    }

    long queuedInstance() {
        return queuedInstance.get();
    }

    /** The last instance that ended (ran or was cancelled). */
    long completed() {
        return completed.get();
    }

    /** queue() said no although the ticket was idle (never pending): give the claim back. */
    void refused() {
        long n = --instance;
        queuedAs = n;
        ledger.refusedIdle();
        busy.set(false);
    }

    boolean isBusy() {
        return busy.get();
    }

    /**
     * A cancel (flushWork/cancel returned true) took the pending instance off: it will not run.
     *
     * @param callStartedNanos when the cancelling call was started (a flush that returned before it was early)
     */
    void cancelled(long callStartedNanos) {
        long n = queuedAs; // the instance in flight: the one armed last
        synchronized (this) {
            cancelledInstance[cancelNext] = n;
            cancelStartedNanos[cancelNext] = callStartedNanos;
            cancelNext = (cancelNext + 1) % CANCEL_HISTORY;
        }
        ledger.cancelled();
        finish(n);
    }

    private void run() {
        long n = queuedAs; // at the start: the instance this run was queued as
        long until = System.nanoTime() + spinNanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait(); // the work "spins a configurable time" on whatever CPU it got
        }
        ledger.executed();
        finish(n);
    }

    /** Instance {@code n} ended: exactly once, or it is a duplicate. */
    private void finish(long n) {
        while (true) {
            long c = completed.get();
            if (c >= n || !busy.get()) {
                ledger.duplicated(); // this instance already ended once
                return;
            }
            if (completed.compareAndSet(c, n)) {
                busy.set(false);
                return;
            }
        }
    }

    /**
     * Whether instance {@code seen}, queued before a flush that returned at {@code flushReturnedNanos}, had
     * ended by then: it ended (waiting out cancels in progress), and not by a cancel called after the flush
     * returned (that cancel found it still queued: the flush returned early).
     */
    boolean endedBefore(long seen, long flushReturnedNanos) {
        if (completed.get() < seen) {
            for (int spins = 0; cancelling.get() > 0 && spins < 10_000_000; spins++) {
                Thread.onSpinWait();
            }
            if (completed.get() < seen) {
                return false;
            }
        }
        return !cancelledAfter(seen, flushReturnedNanos);
    }

    /**
     * Whether instance {@code n} was removed by a cancel whose call started after {@code nanos}. Only the last
     * {@value #CANCEL_HISTORY} cancels are kept: the check runs right after the flush returns, and evicting
     * {@code n} would take that many further claim-queue-cancel rounds of this ticket in between.
     */
    synchronized boolean cancelledAfter(long n, long nanos) {
        for (int i = 0; i < CANCEL_HISTORY; i++) {
            if (cancelledInstance[i] == n && n > 0) {
                return cancelStartedNanos[i] - nanos > 0;
            }
        }
        return false;
    }
}
