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

    /** Whether the delay timer is armed now. */
    public final boolean isTimerArmed() {
        Workqueue wq = timerQueue;
        return wq != null && wq.system.timer.isArmed(this);
    }
}
