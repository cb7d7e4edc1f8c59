package org.hotplugwq.workqueue;

/**
 * What happened to one executed work (README, "What it measures"). A reusable flyweight: valid only during
 * {@link ExecutionObserver#executed}. Its fields belong to the worker thread that owns it; nothing is shared.
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

    public Workqueue workqueue() {
        return workqueue;
    }

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

    public WorkerState state() {
        return state;
    }

    /** {@link System#nanoTime()} when queued (when the timer fired, for delayed work). */
    public long queuedNanos() {
        return queuedNanos;
    }

    public long startNanos() {
        return startNanos;
    }

    public long endNanos() {
        return endNanos;
    }

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
