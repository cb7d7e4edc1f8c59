package org.hotplugwq.stress.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hotplugwq.stress.report.Timeline;

/** Wrong-CPU works by time since their operation's write: grouped bars per bin, a bar per policy. */
public final class SinceWriteChart {
    private static final int HEIGHT = 230;

    private SinceWriteChart() {
    }

    /** The bins' labels, in {@link Timeline#sinceWrite()}'s order. */
    public static List<String> labels() {
        List<String> out = new ArrayList<>();
        out.add("before");
        double lo = 0;
        for (double hi : Timeline.SINCE_WRITE_BINS) {
            if (lo == 0) {
                out.add("< " + num(hi) + " ms");
            } else if (Double.isInfinite(hi)) {
                out.add("≥ " + (lo >= 1000 ? num(lo / 1000) + " s" : num(lo) + " ms"));
            } else if (hi > 1000) {
                out.add(num(lo / 1000) + "–" + num(hi / 1000) + " s");
            } else {
                out.add(num(lo) + "–" + num(hi) + " ms");
            }
            lo = hi;
        }
        out.add("none");
        return out;
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    public static String render(Timeline t) {
        List<String> labels = labels();
        long max = 1;
        for (long[] bins : t.sinceWrite().values()) {
            for (long v : bins) {
                max = Math.max(max, v);
            }
        }
        double left = 70;
        double right = TimelineChart.RIGHT;
        double top = 10;
        double bottom = HEIGHT - 40;
        double group = (right - left) / labels.size();
        int policies = Math.max(1, t.sinceWrite().size());
        double bar = Math.max(1, (group - 8) / policies);
        Svg svg = new Svg(TimelineChart.WIDTH, HEIGHT, "wrong-CPU works by time since their operation's write");
        double yMax = max * 1.08;
        double step = Math.max(1, Html.niceStep(yMax * 2));
        for (double v = 0; v <= yMax; v += step) {
            double y = bottom - (bottom - top) * v / yMax;
            svg.line(left, y, right, y, "#e8e8e8", 1, null);
            svg.text(left - 6, y + 4, String.format(Locale.ROOT, "%,.0f", v), "text-anchor=\"end\" fill=\"#555\"");
        }
        svg.text(left + group * 0.5, bottom + 14, labels.get(0), "text-anchor=\"middle\" fill=\"#555\"");
        svg.text(left + group * (labels.size() - 0.5), bottom + 14, labels.get(labels.size() - 1),
                "text-anchor=\"middle\" fill=\"#555\"");
        for (int i = 2; i < labels.size() - 1; i++) { // the bins' edges, between the groups (0: after "before")
            double x = left + group * i;
            double edge = Timeline.SINCE_WRITE_BINS[i - 2];
            svg.line(x, bottom, x, bottom + 4, "#999", 1, null);
            svg.text(x, bottom + 14, edge >= 1000 ? num(edge / 1000) + " s" : num(edge) + " ms",
                    "text-anchor=\"middle\" fill=\"#555\"");
        }
        svg.text(left + (right - left) / 2, bottom + 32, "time since the write of the last operation on the work's"
                + " queue CPU", "text-anchor=\"middle\"");
        int p = 0;
        for (Map.Entry<String, long[]> e : t.sinceWrite().entrySet()) {
            long[] bins = e.getValue();
            for (int i = 0; i < bins.length && i < labels.size(); i++) {
                double h = (bottom - top) * bins[i] / yMax;
                svg.rect(left + group * i + 4 + bar * p, bottom - h, bar - 1, h, Palette.policy(p),
                        e.getKey() + ", " + labels.get(i) + ": " + String.format(Locale.ROOT, "%,d", bins[i])
                                + " wrong-CPU works");
            }
            p++;
        }
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        int i = 0;
        for (String policy : t.sinceWrite().keySet()) {
            TimelineChart.swatch(legend, Palette.policy(i++), policy);
        }
        return svg.end() + legend.append("(classified works; hover a bar for its count)</div>");
    }
}
