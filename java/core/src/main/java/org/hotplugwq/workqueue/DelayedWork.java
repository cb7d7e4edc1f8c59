package org.hotplugwq.workqueue;

/**
 * Work queued after a delay: the kernel's {@code struct delayed_work} (a work plus its timer).
 *
 * <p>The timer belongs to the CPU that armed it: when it fires, the work is queued on that CPU's queue,
 * or, if that CPU has gone down meanwhile, on an online one (the kernel migrates a dead CPU's timers).
 */
public class DelayedWork extends Work {
    // --- [T], the lock of the DelayedWorkTimer ---
    int heapIndex = -1;   // position in the timer heap; -1 when the timer is not armed
    long expiresAtNanos;
    int timerCpu = -1;    // the CPU that armed the timer (or the one asked for by queueDelayedOn)
    volatile Workqueue timerQueue; // [V] written under [T]: where it goes when the timer fires (cancel() reads it)

    /**
     * A delayed work that calls {@code function} each time it runs ({@code INIT_DELAYED_WORK}).
     *
     * @throws NullPointerException if {@code function} is null
     */
    public DelayedWork(WorkFunction function) {
        super(function);
    }

    /**
     * {@code cancel_delayed_work()}: disarms the timer if it is armed and clears the pending bit.
     *
     * @return true if the timer was armed (the work will not run); false if the timer had already fired or
     *     was never armed; the work may then be queued or running, and the caller must flush it
     */
    public final boolean cancel() {
        Workqueue wq = timerQueue;
        if (wq == null || !wq.system.timer.disarm(this)) {
            return false;
        }
        releasePending();
        return true;
    }

    /**
     * {@code cancel_rearming_delayed_work()}: stops a delayed work for good even if its function queues or arms it
     * again. Takes the pending bit — from the armed timer, from the queue it waits on, or, if it is neither, by
     * setting it — so that nothing can queue or arm the work meanwhile (a running instance's attempt to re-arm
     * itself returns false); waits for a running instance to finish ({@code wait_on_work()}); then releases the
     * bit. On return the work is neither pending nor running, until someone queues it again. From the work's own
     * function it does not wait (it would wait for itself).
     *
     * @return true if a pending instance (an armed timer or a queued work) was cancelled
     * @throws IllegalStateException if called from a work whose wait would close a cycle of works waiting for
     *                               each other (README, "Waiting from a work")
     */
    public final boolean cancelRearming() {
        boolean cancelled = grabPending();
        try {
            CpuWorkqueue last = cwq;
            if (last != null) {
                last.wq.flushWork(this); // only waits: the work is on no queue while we hold its bit
            }
        } finally {
            releasePending();
        }
        return cancelled;
    }

    /**
     * {@code del_timer()} or {@code try_to_grab_pending()} until one succeeds: the pending bit is then the
     * caller's. Spins only while the work is between two states: claimed by a queuer that has not inserted it or
     * armed its timer yet, or taken off its queue by a worker that has not released the bit yet.
     *
     * @return true if it took the bit from an armed timer or a queue; false if the bit was clear
     */
    private boolean grabPending() {
        for (int spins = 0;; spins++) {
            Workqueue armedOn = timerQueue;
            if (armedOn != null && armedOn.system.timer.disarm(this)) {
                return true;
            }
            if (claimPending()) {
                return false;
            }
            CpuWorkqueue queued = cwq;
            if (queued != null) {
                queued.lock.lock();
                try {
                    if (cwq == queued && isQueued()) {
                        CpuWorkqueue.unlink(this);
                        return true;
                    }
                } finally {
                    queued.lock.unlock();
                }
            }
            if (spins < 64) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Whether the delay timer is armed now. */
    public final boolean isTimerArmed() {
        Workqueue wq = timerQueue;
        return wq != null && wq.system.timer.isArmed(this);
    }
}
