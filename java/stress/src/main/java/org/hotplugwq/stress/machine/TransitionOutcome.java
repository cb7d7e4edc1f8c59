package org.hotplugwq.stress.machine;

import org.hotplugwq.hotplug.TransitionResult;

/**
 * One hotplug operation of the schedule and how it ended ({@link TransitionResult.Outcome}, as a controller
 * transition's).
 *
 * @param beginNanos just before the first action was sent
 * @param endNanos when the last action had been delivered
 * @param writeNanos how long the kernel took (the sysfs write), 0 when nothing was written
 */
public record TransitionOutcome(int cpu, boolean up, boolean injected, TransitionResult.Outcome result,
                                long beginNanos, long endNanos, long writeNanos, String detail) {

    public boolean changed() {
        return result == TransitionResult.Outcome.DONE;
    }
}
