package org.hotplugwq.stress.machine;

import org.hotplugwq.hotplug.TransitionResult;

/**
 * One hotplug operation of the schedule and how it ended ({@link TransitionResult.Outcome}, as a controller
 * transition's).
 *
 * @param beginNanos just before the first action was sent
 * @param endNanos when the last action had been delivered
 * @param writeNanos how long the kernel took (the sysfs write), 0 when nothing was written
 * @param writeStartNanos just before {@code write(2)} to {@code cpuN/online} (where the kernel's part begins and
 *     an offline's windows open); {@code beginNanos} when nothing was written
 */
public record TransitionOutcome(int cpu, boolean up, boolean injected, TransitionResult.Outcome result,
                                long beginNanos, long endNanos, long writeNanos, String detail,
                                long writeStartNanos) {

    /** An operation whose write start is not known: taken as its begin. */
    public TransitionOutcome(int cpu, boolean up, boolean injected, TransitionResult.Outcome result,
                             long beginNanos, long endNanos, long writeNanos, String detail) {
        this(cpu, up, injected, result, beginNanos, endNanos, writeNanos, detail, beginNanos);
    }

    public boolean changed() {
        return result == TransitionResult.Outcome.DONE;
    }
}
