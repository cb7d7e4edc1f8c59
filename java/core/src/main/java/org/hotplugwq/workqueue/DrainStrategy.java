package org.hotplugwq.workqueue;

/**
 * {@link HotplugPolicy#DRAIN}, the seed: {@code CPU_DEAD} sets {@code should_stop} and wakes the worker, and
 * returns at once (S2); the worker, its affinity broken, runs the rest of its list unbound and exits when it is
 * empty (S3). A {@code CPU_UP_PREPARE} before then keeps the thread (S4).
 */
final class DrainStrategy implements HotplugStrategy {
    @Override
    public boolean cpuGone(CpuWorkqueue cwq) {
        cwq.markStopping();
        return false;
    }
}
