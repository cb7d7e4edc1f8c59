package org.hotplugwq.workqueue;

/**
 * {@link HotplugPolicy#REBIND}, today's concurrency-managed workqueues: workers never exit on hotplug. At
 * {@code CPU_DEAD} the worker only learns that it is unbound (the offline broke its affinity) and keeps serving
 * its queue on other CPUs; {@code CPU_ONLINE} pins it again.
 */
final class RebindStrategy implements HotplugStrategy {
    @Override
    public boolean cpuGone(CpuWorkqueue cwq) {
        Worker w = cwq.worker;
        if (w != null) {
            w.state = WorkerState.UNBOUND;
        }
        return false;
    }
}
