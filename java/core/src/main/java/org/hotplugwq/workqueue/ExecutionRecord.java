package org.hotplugwq.workqueue;

/**
 * What happened to one executed work (README, "What it measures"). A reusable flyweight: valid only during
 * {@link ExecutionObserver#executed}. Its fields belong to the worker thread that owns it; nothing is shared.
 * What it takes from the queuing (queue CPU, queuing time, stranded, moved by takeover) is that of the queuing this
 * execution consumed, read before the work's pending bit was released: a re-queue while it runs does not change it.
 */
public final class ExecutionRecord extends CacheLinePadding {
    Workqueue workqueue;
    Work work;
    int queueCpu;
    int startCpu;
    int endCpu;
    WorkerState state;
    long queuedNanos;
    long startNanos;
    long endNanos;
    int workerTid;
    boolean stranded;
    Throwable failure;

    /** The workqueue the work ran on. */
    public Workqueue workqueue() {
        return workqueue;
    }

    /** The work that ran (it may already be queued, or running, again). */
    public Work work() {
        return work;
    }

    /** The CPU whose queue the work was on (its original queue if takeover moved it). */
    public int queueCpu() {
        return queueCpu;
    }

    /** The CPU the worker was on when the work's function started. */
    public int startCpu() {
        return startCpu;
    }

    /** The CPU the worker was on when the work's function returned. */
    public int endCpu() {
        return endCpu;
    }

    /**
     * Whether the worker was pinned to the queue's CPU when the work started, sampled after {@link #startCpu()}
     * ({@link WorkerState#MOVED_BY_TAKEOVER} for a work that takeover moved from a dead CPU's queue).
     */
    public WorkerState state() {
        return state;
    }

    /** {@link System#nanoTime()} when queued (when the timer fired, for delayed work). */
    public long queuedNanos() {
        return queuedNanos;
    }

    /** {@link System#nanoTime()} just before the work's function was called. */
    public long startNanos() {
        return startNanos;
    }

    /** {@link System#nanoTime()} just after the work's function returned (or threw). */
    public long endNanos() {
        return endNanos;
    }

    /** The Linux thread id (or simulated id) of the worker that ran it. */
    public int workerTid() {
        return workerTid;
    }

    /** Queued while its queue had no worker thread (its CPU dead, or not yet prepared). */
    public boolean stranded() {
        return stranded;
    }

    /** What the work's function threw, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Started on another CPU than its queue's. (The stress run's "wrong CPU", README "What it measures", also
     * counts a work that ended elsewhere.)
     */
    public boolean wrongCpu() {
        return startCpu != queueCpu;
    }
}
