package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.hotplugwq.cpu.CpuAction;

/**
 * Per policy: how long its {@code CPU_DEAD} callback took, when each {@code CPU_DEAD} was delivered to it
 * (which closes that offline's detection window for this system), and the detection latency: from the
 * kernel's change (our write returned) until this system's callback for the first action of the change
 * was entered ({@code CPU_DEAD} for an offline, {@code CPU_UP_PREPARE} for an online), in nanoseconds.
 *
 * <p>The latency can be negative: the event can arrive, and be delivered, before {@code write(2)} has
 * returned to us. The histogram cannot hold a negative value, so such a sample counts there as 0, and is
 * also counted in {@link #negativeDetectionSamples()} with the smallest (most negative) value kept in
 * {@link #minDetectionNanos()}: nothing is hidden.
 */
public final class CallbackTimings {
    /** One {@code CPU_DEAD} delivered to this system: its callback was entered and returned at these times. */
    record DeadCallback(int cpu, long enteredNanos, long returnedNanos) {
    }

    private final Histogram deadCallback = new Histogram(3);
    private final Histogram detection = new Histogram(3);
    private final long[] enteredNanos = new long[CpuAction.values().length]; // guarded by this
    private final List<DeadCallback> deads = new ArrayList<>();              // guarded by this
    private long negativeDetection;                                          // guarded by this
    private long minDetection = Long.MAX_VALUE;                              // guarded by this

    public synchronized void callback(CpuAction action, int cpu, long enteredNanos, long returnedNanos) {
        this.enteredNanos[action.ordinal()] = enteredNanos;
        if (action == CpuAction.CPU_DEAD) {
            deadCallback.recordValue(Math.max(0, returnedNanos - enteredNanos));
            deads.add(new DeadCallback(cpu, enteredNanos, returnedNanos));
        }
    }

    /** After the chain returned: {@code observedNanos} is when the change was seen. */
    public synchronized void delivered(CpuAction action, long observedNanos) {
        CpuAction first = action == CpuAction.CPU_ONLINE ? CpuAction.CPU_UP_PREPARE : action;
        if (action == CpuAction.CPU_DEAD || action == CpuAction.CPU_ONLINE) {
            long latency = enteredNanos[first.ordinal()] - observedNanos;
            minDetection = Math.min(minDetection, latency);
            if (latency < 0) {
                negativeDetection++; // delivered before our write(2) returned
            }
            detection.recordValue(Math.max(0, latency));
        }
    }

    public synchronized Histogram deadCallbackNanos() {
        return deadCallback.copy();
    }

    /** Every sample; a negative one is recorded as 0 (see {@link #negativeDetectionSamples()}). */
    public synchronized Histogram detectionNanos() {
        return detection.copy();
    }

    /** Samples where the system was told before our write returned. */
    public synchronized long negativeDetectionSamples() {
        return negativeDetection;
    }

    /** The smallest sample, negative included; 0 when there is none. */
    public synchronized long minDetectionNanos() {
        return minDetection == Long.MAX_VALUE ? 0 : minDetection;
    }

    /** Every {@code CPU_DEAD} this system was given, in order. */
    public synchronized List<DeadCallback> deadCallbacks() {
        return List.copyOf(deads);
    }
}
