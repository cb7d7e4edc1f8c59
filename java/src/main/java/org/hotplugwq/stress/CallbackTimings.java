package org.hotplugwq.stress;

import org.HdrHistogram.Histogram;
import org.hotplugwq.hotplug.CpuAction;

/**
 * Per policy: how long its {@code CPU_DEAD} callback took, and the detection latency: from the kernel's
 * change (our write returned) until this system's callback for the first action of the change was entered
 * ({@code CPU_DEAD} for an offline, {@code CPU_UP_PREPARE} for an online), in nanoseconds.
 */
final class CallbackTimings {
    private final Histogram deadCallback = new Histogram(3);
    private final Histogram detection = new Histogram(3);
    private final long[] enteredNanos = new long[CpuAction.values().length]; // guarded by this

    synchronized void callback(CpuAction action, long enteredNanos, long returnedNanos) {
        this.enteredNanos[action.ordinal()] = enteredNanos;
        if (action == CpuAction.CPU_DEAD) {
            deadCallback.recordValue(Math.max(0, returnedNanos - enteredNanos));
        }
    }

    /** After the chain returned: {@code observedNanos} is when the change was seen. */
    synchronized void delivered(CpuAction action, long observedNanos) {
        CpuAction first = action == CpuAction.CPU_ONLINE ? CpuAction.CPU_UP_PREPARE : action;
        if (action == CpuAction.CPU_DEAD || action == CpuAction.CPU_ONLINE) {
            detection.recordValue(Math.max(0, enteredNanos[first.ordinal()] - observedNanos));
        }
    }

    synchronized Histogram deadCallbackNanos() {
        return deadCallback.copy();
    }

    synchronized Histogram detectionNanos() {
        return detection.copy();
    }
}
