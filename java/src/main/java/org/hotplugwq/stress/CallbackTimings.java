package org.hotplugwq.stress;

import org.HdrHistogram.Histogram;
import org.hotplugwq.hotplug.CpuAction;

/**
 * Per policy: how long its {@code CPU_DEAD} callback took, and the detection latency (the kernel's change
 * seen — our write returned — until this system's callback was entered), in nanoseconds.
 */
final class CallbackTimings {
    private final Histogram deadCallback = new Histogram(3);
    private final Histogram detection = new Histogram(3);
    private long lastEnteredNanos; // guarded by this

    synchronized void callback(CpuAction action, long enteredNanos, long returnedNanos) {
        lastEnteredNanos = enteredNanos;
        if (action == CpuAction.CPU_DEAD) {
            deadCallback.recordValue(Math.max(0, returnedNanos - enteredNanos));
        }
    }

    /** After the chain returned: {@code observedNanos} is when the change was seen. */
    synchronized void delivered(CpuAction action, long observedNanos) {
        if (action == CpuAction.CPU_DEAD || action == CpuAction.CPU_ONLINE) {
            detection.recordValue(Math.max(0, lastEnteredNanos - observedNanos));
        }
    }

    synchronized Histogram deadCallbackNanos() {
        return deadCallback.copy();
    }

    synchronized Histogram detectionNanos() {
        return detection.copy();
    }
}
