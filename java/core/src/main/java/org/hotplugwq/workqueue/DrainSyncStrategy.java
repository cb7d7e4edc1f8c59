package org.hotplugwq.workqueue;

/**
 * {@link HotplugPolicy#DRAIN_SYNC}, as merged in 2.6.22: {@code CPU_DEAD} stops the worker as {@link DrainStrategy}
 * does, then waits, outside the mutex, until it has drained its list and exited.
 */
final class DrainSyncStrategy implements HotplugStrategy {
    @Override
    public boolean cpuGone(CpuWorkqueue cwq) {
        return cwq.markStopping();
    }

    @Override
    public void afterCpuGone(CpuWorkqueue cwq) {
        Worker w = cwq.worker;
        if (w != null) {
            w.join();
        }
    }
}
