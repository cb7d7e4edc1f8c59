package org.hotplugwq.workqueue;

/**
 * Told of every worker thread once it runs: its kernel thread id and what it serves, so that a kernel trace (which
 * knows threads by tid only, names cut to 15 characters) can be matched to workers. Called on the new worker's own
 * thread, after its first pin when it is pinned at start. Keep it short.
 */
@FunctionalInterface
public interface WorkerListener {
    /**
     * @param tid the worker's Linux thread id (or simulated id)
     * @param workqueue the workqueue's name
     * @param cpu the CPU whose queue it serves (a single-threaded workqueue's: the one CPU it queues on)
     * @param singleThreaded the worker of a single-threaded workqueue: never pinned
     * @param startedNanos {@link System#nanoTime()} when it had its tid (and its first pin, if pinned at start)
     */
    void started(int tid, String workqueue, int cpu, boolean singleThreaded, long startedNanos);
}
