package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.hotplug.EventOrigin;

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

    /** One {@code CPU_ONLINE} delivered to this system: where it pins its worker to the CPU again. */
    record OnlineCallback(int cpu, long enteredNanos, long returnedNanos) {
    }

    private final Histogram deadCallback = new Histogram(3);
    private final Histogram detection = new Histogram(3);
    private final Map<EventOrigin, Histogram> detectionByOrigin = new EnumMap<>(EventOrigin.class); // guarded by this
    private final long[] enteredNanos = new long[CpuAction.values().length]; // guarded by this
    private final List<DeadCallback> deads = new ArrayList<>();              // guarded by this
    private final List<OnlineCallback> onlines = new ArrayList<>();          // guarded by this
    private long negativeDetection;                                          // guarded by this
    private long minDetection = Long.MAX_VALUE;                              // guarded by this

    public synchronized void callback(CpuAction action, int cpu, long enteredNanos, long returnedNanos) {
        this.enteredNanos[action.ordinal()] = enteredNanos;
        if (action == CpuAction.CPU_DEAD) {
            deadCallback.recordValue(Math.max(0, returnedNanos - enteredNanos));
            deads.add(new DeadCallback(cpu, enteredNanos, returnedNanos));
        } else if (action == CpuAction.CPU_ONLINE) {
            onlines.add(new OnlineCallback(cpu, enteredNanos, returnedNanos));
        }
    }

    /** After the chain returned: {@code observedNanos} is when the change was seen. */
    public synchronized void delivered(CpuAction action, long observedNanos) {
        delivered(action, null, observedNanos);
    }

    /**
     * As {@link #delivered(CpuAction, long)}, also kept by who saw it ({@code null}: not known). One the controller
     * sent (README, "Notify modes") had its {@code CPU_UP_PREPARE} before the write, so an online's latency runs
     * to {@code CPU_ONLINE} itself.
     */
    public synchronized void delivered(CpuAction action, EventOrigin origin, long observedNanos) {
        boolean announced = origin == EventOrigin.CONTROLLER;
        CpuAction first = action == CpuAction.CPU_ONLINE && !announced ? CpuAction.CPU_UP_PREPARE : action;
        if (action == CpuAction.CPU_DEAD || action == CpuAction.CPU_ONLINE) {
            long latency = enteredNanos[first.ordinal()] - observedNanos;
            minDetection = Math.min(minDetection, latency);
            if (latency < 0) {
                negativeDetection++; // delivered before our write(2) returned
            }
            detection.recordValue(Math.max(0, latency));
            if (origin != null) {
                detectionByOrigin.computeIfAbsent(origin, o -> new Histogram(3)).recordValue(Math.max(0, latency));
            }
        }
    }

    public synchronized Histogram deadCallbackNanos() {
        return deadCallback.copy();
    }

    /** Every sample; a negative one is recorded as 0 (see {@link #negativeDetectionSamples()}). */
    public synchronized Histogram detectionNanos() {
        return detection.copy();
    }

    /** {@link #detectionNanos()} by the source that saw the change first. */
    public synchronized Map<EventOrigin, Histogram> detectionNanosByOrigin() {
        Map<EventOrigin, Histogram> out = new EnumMap<>(EventOrigin.class);
        detectionByOrigin.forEach((o, h) -> out.put(o, h.copy()));
        return out;
    }

    /** Samples where the system was told before our write returned. */
    public synchronized long negativeDetectionSamples() {
        return negativeDetection;
    }

    /** The smallest sample, negative included; 0 when there is none. */
    public synchronized long minDetectionNanos() {
        return minDetection == Long.MAX_VALUE ? 0 : minDetection;
    }

    /** Every {@code CPU_ONLINE} this system was given, in order. */
    public synchronized List<OnlineCallback> onlineCallbacks() {
        return List.copyOf(onlines);
    }

    /** Every {@code CPU_DEAD} this system was given, in order. */
    public synchronized List<DeadCallback> deadCallbacks() {
        return List.copyOf(deads);
    }
}
