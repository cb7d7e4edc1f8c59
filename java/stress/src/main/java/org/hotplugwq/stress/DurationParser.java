package org.hotplugwq.stress;

import java.time.Duration;
import java.util.Locale;

/** Parses the durations users type: {@code 60s}, {@code 500ms}, {@code 2m}, {@code 250us}, {@code 1.5s}; a bare number is seconds. */
public final class DurationParser {
    private DurationParser() {
    }

    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"µs", "1000"}, {"ms", "1000000"},
            {"s", "1000000000"}, {"m", "60000000000"}, {"h", "3600000000000"}};
        long scale = 1_000_000_000L;
        String number = s;
        for (String[] u : units) {
            if (s.endsWith(u[0]) && !(u[0].equals("s") && (s.endsWith("ns") || s.endsWith("us")
                    || s.endsWith("ms") || s.endsWith("µs")))) {
                scale = Long.parseLong(u[1]);
                number = s.substring(0, s.length() - u[0].length());
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
        if (n % 1_000_000_000L == 0) {
            return n / 1_000_000_000L + "s";
        }
        if (n >= 1_000_000_000L) {
            return BigDecimalText.of(n / 1e9) + "s";
        }
        if (n % 1_000_000L == 0) {
            return n / 1_000_000L + "ms";
        }
        if (n % 1_000L == 0) {
            return n / 1_000L + "us";
        }
        return n + "ns";
    }

    private static final class BigDecimalText {
        static String of(double v) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
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
