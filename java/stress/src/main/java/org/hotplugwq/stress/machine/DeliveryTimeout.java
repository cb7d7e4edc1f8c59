package org.hotplugwq.stress.machine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long the real machine waits for the event source to deliver a change it wrote. Fixed when the user typed
 * {@code --delivery-timeout}; else scaled to the kernel: {@link #SCALE} times the slowest {@code cpuN/online} write
 * of the run so far, at least {@link #FLOOR}. An emulated 32-CPU guest takes seconds per write and its uevent
 * then comes seconds later too (README "Many CPUs and ARM without the hardware"). One schedule thread uses it.
 */
public final class DeliveryTimeout {
    /** The least wait when scaled: 5 s, far above the ~20 ms a write and its uevent take on real hardware. */
    public static final Duration FLOOR = Duration.ofSeconds(5);
    /** The wait is this many times the slowest write seen. */
    public static final int SCALE = 10;

    private final long fixedNanos; // > 0: fixed
    private long slowestWriteNanos;

    private DeliveryTimeout(long fixedNanos) {
        this.fixedNanos = fixedNanos;
    }

    /** {@code null}: scaled to the writes; else that fixed wait. */
    public static DeliveryTimeout of(Duration fixed) {
        if (fixed != null && (fixed.isNegative() || fixed.isZero())) {
            throw new IllegalArgumentException("--delivery-timeout must be positive, got " + fixed);
        }
        return new DeliveryTimeout(fixed == null ? 0 : fixed.toNanos());
    }

    /** A write of {@code cpuN/online} took this long (counted before waiting for its delivery). */
    public void wrote(long writeNanos) {
        slowestWriteNanos = Math.max(slowestWriteNanos, writeNanos);
    }

    /** The wait for the delivery of the write just made. */
    public long nanos() {
        if (fixedNanos > 0) {
            return fixedNanos;
        }
        long scaled = slowestWriteNanos > Long.MAX_VALUE / SCALE ? Long.MAX_VALUE : slowestWriteNanos * SCALE;
        return Math.max(FLOOR.toNanos(), scaled);
    }

    public long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanos());
    }

    /** For messages: {@code 5000 ms (10 x the slowest write, at least 5 s)} or {@code 200 ms (--delivery-timeout)}. */
    public String describe() {
        return millis() + " ms (" + (fixedNanos > 0 ? "--delivery-timeout"
                : SCALE + " x the slowest write so far, at least " + FLOOR.toSeconds() + " s") + ")";
    }
}
