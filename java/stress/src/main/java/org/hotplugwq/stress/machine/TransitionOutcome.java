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

    /** An operation whose write's start is not known (nothing written, or the write hidden in the controller). */
    public TransitionOutcome(int cpu, boolean up, boolean injected, TransitionResult.Outcome result,
                             long beginNanos, long endNanos, long writeNanos, String detail) {
        this(cpu, up, injected, result, beginNanos, endNanos, writeNanos, detail, beginNanos);
    }

    /** When the sysfs write returned: the kernel's change is complete. */
    public long writeEndNanos() {
        return writeStartNanos + writeNanos;
    }

    public boolean changed() {
        return result == TransitionResult.Outcome.DONE;
    }
}
