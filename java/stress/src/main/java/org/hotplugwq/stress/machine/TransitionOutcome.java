package org.hotplugwq.stress.machine;

/**
 * One hotplug operation of the schedule and how it ended.
 *
 * @param beginNanos just before the first action was sent
 * @param endNanos when the last action had been delivered
 * @param writeNanos how long the kernel took (the sysfs write), 0 when nothing was written
 */
public record TransitionOutcome(int cpu, boolean up, boolean injected, Result result, long beginNanos,
                                long endNanos, long writeNanos, String detail) {

    public enum Result {
        /** the CPU changed */
        DONE,
        /** the kernel refused (an injected failure, or EBUSY): rolled back */
        REFUSED,
        /** a notifier refused the prepare: nothing written */
        VETOED,
        /** already in that state: nothing done */
        ALREADY,
        /** the transition threw */
        ERROR
    }

    public boolean changed() {
        return result == Result.DONE;
    }
}
