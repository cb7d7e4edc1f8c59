package org.hotplugwq.stress;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The one parser of the durations users type, for every command: {@code 60s}, {@code 500ms}, {@code 2m},
 * {@code 250us}, {@code 1.5s}; units ns, us (µs), ms, s, m, h; a bare number is seconds (README, Command line).
 */
public final class DurationParser {
    /** Longest match first: "ms" before "m" and "s". */
    private static final String[] UNITS = {"ns", "us", "µs", "ms", "s", "m", "h"};
    private static final long[] UNIT_NANOS = {1, 1_000, 1_000, 1_000_000, 1_000_000_000L, 60_000_000_000L,
        3_600_000_000_000L};
    private static final long SECOND = 1_000_000_000L;

    private DurationParser() {
    }

    /** @throws IllegalArgumentException when {@code text} is not a duration, or is negative */
    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        long scale = SECOND;
        String number = s;
        for (int i = 0; i < UNITS.length; i++) {
            if (s.endsWith(UNITS[i])) {
                scale = UNIT_NANOS[i];
                number = s.substring(0, s.length() - UNITS[i].length());
                break;
            }
        }
        try {
            double v = Double.parseDouble(number.strip());
            if (v < 0 || Double.isNaN(v)) {
                throw new IllegalArgumentException("negative duration: " + text);
            }
            return Duration.ofNanos(Math.round(v * scale));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 60s, 500ms, 2m)", e);
        }
    }

    /** The short form users type: {@code 30s}, {@code 20ms}, {@code 1.5s}, {@code 250us}. */
    public static String format(Duration d) {
        long n = d.toNanos();
        if (n % SECOND == 0) {
            return n / SECOND + "s";
        }
        if (n >= SECOND) {
            return BigDecimal.valueOf(n / 1e9).stripTrailingZeros().toPlainString() + "s";
        }
        if (n % 1_000_000L == 0) {
            return n / 1_000_000L + "ms";
        }
        if (n % 1_000L == 0) {
            return n / 1_000L + "us";
        }
        return n + "ns";
    }

    /** {@code 20ms-100ms} or a single duration (a fixed interval). */
    public static Duration[] parseRange(String text) {
        int dash = text.indexOf('-', 1);
        if (dash < 0) {
            Duration d = parse(text);
            return new Duration[] {d, d};
        }
        return new Duration[] {parse(text.substring(0, dash)), parse(text.substring(dash + 1))};
    }
}
