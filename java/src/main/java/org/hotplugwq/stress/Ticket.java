package org.hotplugwq.stress;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.workqueue.DelayedWork;
import org.hotplugwq.workqueue.Work;

/**
 * One reusable work item of the load and its place in the ledger. A producer claims an idle ticket, queues
 * it, and the ticket stays busy until its function has finished or a cancel took it off the queue: so at
 * most one instance is in flight and each instance is identified by {@link #instance}, which makes the
 * exactly-once and flush checks exact.
 */
final class Ticket {
    final Work work;
    final boolean delayed;
    private final Ledger ledger;
    private final long spinNanos;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** The instance being queued (bumped before queue()): read by the function to know which instance runs. */
    volatile long instance;
    /** The newest instance whose queue() returned true: anything a flush must wait for. */
    private final AtomicLong queuedInstance = new AtomicLong();
    /** The last instance that finished or was cancelled. */
    volatile long completed;
    /** Cancels in progress: a flush checker waits for them before calling a missing instance lost. */
    final AtomicInteger cancelling = new AtomicInteger();

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

    /** queue() said yes to instance {@code n}: it is in the ledger (it may even have run already). */
    void queued(long n) {
        queuedInstance.accumulateAndGet(n, Math::max);
        ledger.queued();
    }

    long queuedInstance() {
        return queuedInstance.get();
    }

    /** queue() said no although the ticket was idle (never pending): give the claim back. */
    void refused() {
        instance--;
        ledger.refusedIdle();
        busy.set(false);
    }

    boolean isBusy() {
        return busy.get();
    }

    /** A cancel (flushWork/cancel returned true) took the pending instance off: it will not run. */
    void cancelled() {
        ledger.cancelled();
        finish();
    }

    private void run() {
        long until = System.nanoTime() + spinNanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait(); // the work "spins a configurable time" on whatever CPU it got
        }
        ledger.executed();
        finish();
    }

    private void finish() {
        long i = instance;
        if (completed == i || !busy.get()) {
            ledger.duplicated(); // this instance already ended once
            return;
        }
        completed = i;
        busy.set(false);
    }

    /** Whether the instance queued before a flush (whose number was {@code seen}) has ended, waiting out cancels. */
    boolean endedSince(long seen) {
        if (completed >= seen) {
            return true;
        }
        for (int spins = 0; cancelling.get() > 0 && spins < 10_000_000; spins++) {
            Thread.onSpinWait();
        }
        return completed >= seen;
    }
}
