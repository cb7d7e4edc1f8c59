package org.hotplugwq.stress.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hotplugwq.stress.report.Timeline;

/**
 * Detection latency (our write returned → the system's first callback of the change) as a distribution function
 * per source and policy, on a log time axis.
 */
public final class DetectionCdfChart {
    private static final int HEIGHT = 260;
    private static final String[] DASHES = {null, "6 3", "2 2", "8 3 2 3"};

    private DetectionCdfChart() {
    }

    public static String render(Timeline t) {
        if (t.detection().isEmpty()) {
            return "<p class=\"muted\">No detection-latency sample (no operation changed a CPU).</p>";
        }
        double lo = Double.MAX_VALUE;
        double hi = 1;
        for (Timeline.Cdf c : t.detection()) {
            lo = Math.min(lo, Math.max(1, c.us()[0]));
            hi = Math.max(hi, c.us()[c.us().length - 1]);
        }
        double d0 = Math.floor(Math.log10(lo));
        double d1 = Math.max(d0 + 1, Math.ceil(Math.log10(Math.max(hi, 1))));
        double left = 70;
        double right = TimelineChart.RIGHT - 340;
        double top = 10;
        double bottom = HEIGHT - 36;
        Svg svg = new Svg(TimelineChart.WIDTH, HEIGHT, "detection latency distribution per source");
        for (double d = d0; d <= d1 + 1e-9; d++) {
            double x = left + (right - left) * (d - d0) / (d1 - d0);
            svg.line(x, top, x, bottom, "#e0e0e0", 1, null);
            String tick = us(Math.pow(10, d));
            svg.text(x, bottom + 14, d == d0 && d0 == 0 ? "≤ " + tick : tick, "text-anchor=\"middle\" fill=\"#555\"");
        }
        for (int q = 0; q <= 4; q++) {
            double y = bottom - (bottom - top) * q / 4.0;
            svg.line(left, y, right, y, "#e8e8e8", 1, null);
            svg.text(left - 6, y + 4, q * 25 + "%", "text-anchor=\"end\" fill=\"#555\"");
        }
        svg.text((left + right) / 2, bottom + 30, "write returned → first callback of the change (log scale;"
                + " a callback entered before the write returned counts as 1 µs)",
                "text-anchor=\"middle\"");
        List<String> policies = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        t.detection().forEach(c -> {
            if (!policies.contains(c.policy())) {
                policies.add(c.policy());
            }
            if (!sources.contains(c.source())) {
                sources.add(c.source());
            }
        });
        int row = 0;
        for (Timeline.Cdf c : t.detection()) {
            String colour = Palette.policy(policies.indexOf(c.policy()));
            String dash = DASHES[sources.indexOf(c.source()) % DASHES.length];
            double[] xy = new double[c.us().length * 4];
            double prev = 0;
            for (int i = 0; i < c.us().length; i++) {
                double x = left + (right - left) * (Math.log10(Math.max(1, c.us()[i])) - d0) / (d1 - d0);
                xy[4 * i] = x;
                xy[4 * i + 1] = bottom - (bottom - top) * prev;
                xy[4 * i + 2] = x;
                xy[4 * i + 3] = bottom - (bottom - top) * c.fraction()[i];
                prev = c.fraction()[i];
            }
            String label = c.source() + " · " + c.policy() + ": n=" + c.count() + ", p50 " + us(quantile(c, 0.5))
                    + ", p90 " + us(quantile(c, 0.9)) + ", max " + us(c.us()[c.us().length - 1]);
            svg.polyline(xy, colour, 1.6, dash, label);
            double ly = top + 8 + row * 16;
            svg.polyline(new double[] {right + 14, ly, right + 40, ly}, colour, 2, dash, null);
            svg.text(right + 46, top + 12 + row * 16, c.source() + " · " + c.policy() + " (n=" + c.count()
                    + ", p50 " + us(quantile(c, 0.5)) + ")");
            row++;
        }
        return svg.end();
    }

    static double quantile(Timeline.Cdf c, double q) {
        for (int i = 0; i < c.us().length; i++) {
            if (c.fraction()[i] >= q - 1e-12) {
                return c.us()[i];
            }
        }
        return c.us()[c.us().length - 1];
    }

    static String us(double us) {
        if (us >= 1e6) {
            return num(us / 1e6) + " s";
        }
        if (us >= 1e3) {
            return num(us / 1e3) + " ms";
        }
        return num(us) + " µs";
    }

    /** Three significant digits, no trailing zeros. */
    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
