package org.hotplugwq.stress.trace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotplugwq.workqueue.WorkerListener;

/** One policy's worker threads, as the core announced them (tid, CPU, pinned or not). */
final class WorkerRoster implements WorkerListener {
    /** A worker thread: its tid, the CPU it serves, and since when it is what it is. */
    record WorkerThread(int tid, String workqueue, int cpu, boolean singleThreaded, long startedNanos) {
    }

    private final List<WorkerThread> workers = new CopyOnWriteArrayList<>();

    @Override
    public void started(int tid, String workqueue, int cpu, boolean singleThreaded, long startedNanos) {
        workers.add(new WorkerThread(tid, workqueue, cpu, singleThreaded, startedNanos));
    }

    List<WorkerThread> workers() {
        return List.copyOf(workers);
    }
}
