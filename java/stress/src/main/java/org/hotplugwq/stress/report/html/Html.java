package org.hotplugwq.stress.report.html;

import java.util.Locale;

/** Escaping and number formats of report.html. */
public final class Html {
    private Html() {
    }

    /** Escaped for text and attribute values (the page is also well-formed XML: no named entities). */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** A rate as a percentage with three decimals. */
    public static String pct(double rate) {
        return String.format(Locale.ROOT, "%.3f%%", rate * 100);
    }

    /** A duration in seconds, in the unit that reads best. */
    public static String dur(double seconds) {
        double a = Math.abs(seconds);
        if (a < 1e-3) {
            return fmt(seconds * 1e6, 0) + " µs";
        }
        if (a < 1) {
            return fmt(seconds * 1e3, a < 0.01 ? 2 : 1) + " ms";
        }
        return fmt(seconds, 3) + " s";
    }

    /** Ticks 1, 2, 5 × 10ⁿ, about ten over {@code span}. */
    public static double niceStep(double span) {
        double raw = Math.max(span, 1e-6) / 10;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * p) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
