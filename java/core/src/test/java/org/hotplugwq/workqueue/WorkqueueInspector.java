package org.hotplugwq.workqueue;

/**
 * What a test may look at inside a {@link Workqueue}, for tests outside this package (and in other modules,
 * through the core test-jar); tests in this package call the package-private methods directly. Not part of the
 * library's API: the state it shows is a snapshot that hotplug may change the moment after.
 */
public final class WorkqueueInspector {
    private WorkqueueInspector() {
    }

    /** The worker thread of {@code cpu}'s queue ({@code cwq->thread}), or null when it has none. */
    public static Thread workerThread(Workqueue wq, int cpu) {
        return wq.workerThread(cpu);
    }

    /** The state of {@code cpu}'s worker, or null when it has none. */
    public static WorkerState workerState(Workqueue wq, int cpu) {
        return wq.workerState(cpu);
    }

    /** The Linux thread id of {@code cpu}'s worker, or -1. */
    public static int workerTid(Workqueue wq, int cpu) {
        return wq.workerTid(cpu);
    }

    /** Works waiting on {@code cpu}'s queue (barriers included). */
    public static int pendingCount(Workqueue wq, int cpu) {
        return wq.pendingCount(cpu);
    }

    /** Whether {@code cpu}'s queue has {@code should_stop} set. */
    public static boolean shouldStop(Workqueue wq, int cpu) {
        return wq.shouldStop(cpu);
    }
}
