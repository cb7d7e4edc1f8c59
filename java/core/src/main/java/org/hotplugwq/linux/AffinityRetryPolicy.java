package org.hotplugwq.linux;

import java.time.Duration;

/**
 * How long to keep trying {@code sched_setaffinity} when it answers EINVAL for a CPU that sysfs already
 * shows online: right after an online, the scheduler's active mask can lag the hotplug state machine
 * (seen on older kernels). Exponential backoff from {@code initialBackoff}, capped at {@code maxBackoff},
 * at most {@code maxRetries} times; the default gives up after ~25 ms in all.
 */
public record AffinityRetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
    /** Up to 8 retries from 100 µs, capped at 20 ms: about 25 ms in all. */
    public static final AffinityRetryPolicy DEFAULT =
            new AffinityRetryPolicy(8, Duration.ofNanos(100_000), Duration.ofMillis(20));
    /** Fail at the first EINVAL. */
    public static final AffinityRetryPolicy NONE = new AffinityRetryPolicy(0, Duration.ZERO, Duration.ZERO);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException on negative retries or backoffs, or {@code maxBackoff < initialBackoff}
     */
    public AffinityRetryPolicy {
        if (maxRetries < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("bad retry policy: " + maxRetries + " retries, backoff "
                    + initialBackoff + ".." + maxBackoff);
        }
    }

    /** The pause before retry number {@code retry} (0-based). */
    long backoffNanos(int retry) {
        long initial = initialBackoff.toNanos();
        long max = maxBackoff.toNanos();
        if (retry >= 62 || initial << retry > max || initial << retry < 0) {
            return max;
        }
        return initial << retry;
    }
}
