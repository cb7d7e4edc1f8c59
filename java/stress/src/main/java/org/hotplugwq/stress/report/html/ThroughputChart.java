package org.hotplugwq.stress.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotplugwq.stress.report.Timeline;

/** Works executed per second, a line per policy, over the operations' spans: does hotplug cost throughput? */
public final class ThroughputChart {
    private static final int HEIGHT = 200;

    private ThroughputChart() {
    }

    public static String render(Timeline t) {
        TimeAxis axis = new TimeAxis(0, t.durationS(), TimelineChart.LEFT, TimelineChart.RIGHT);
        Map<String, double[]> rates = new java.util.LinkedHashMap<>();
        double max = 0;
        for (Map.Entry<String, long[]> e : t.worksPerSecond().entrySet()) {
            double[] r = rates(e.getValue(), t.durationS());
            rates.put(e.getKey(), r);
            for (double v : r) {
                max = Double.isNaN(v) ? max : Math.max(max, v);
            }
        }
        double top = 12;
        double bottom = HEIGHT - 24;
        Svg svg = new Svg(TimelineChart.WIDTH, HEIGHT, "throughput over time");
        axis.grid(svg, top, bottom, 0, false);
        for (Timeline.Op op : t.ops()) {
            svg.rect(axis.x(op.start()), top, axis.w(op.start(), op.end(), 0.5), bottom - top, Palette.op(op),
                    "opacity=\"0.10\"", null);
        }
        double yMax = max <= 0 ? 1 : max * 1.08;
        double step = Html.niceStep(yMax * 2);
        for (double v = 0; v <= yMax; v += step) {
            double y = bottom - (bottom - top) * v / yMax;
            svg.line(axis.left(), y, axis.right(), y, "#e8e8e8", 1, null);
            svg.text(axis.left() - 6, y + 4, String.format(java.util.Locale.ROOT, "%,.0f/s", v),
                    "text-anchor=\"end\" fill=\"#555\"");
        }
        int p = 0;
        StringBuilder legend = new StringBuilder("<div class=\"legend\">works executed per second: ");
        for (Map.Entry<String, double[]> e : rates.entrySet()) {
            List<Double> xy = new ArrayList<>();
            double[] r = e.getValue();
            for (int i = 0; i < r.length; i++) { // a step per second: each value is of a whole second
                if (!Double.isNaN(r[i])) {
                    double y = bottom - (bottom - top) * r[i] / yMax;
                    xy.addAll(List.of(axis.x(i), y, axis.x(Math.min(i + 1, t.durationS())), y));
                }
            }
            svg.polyline(xy.stream().mapToDouble(Double::doubleValue).toArray(), Palette.policy(p), 1.6, null,
                    e.getKey() + ": works per second");
            legend.append("<span style=\"color:").append(Palette.policy(p)).append("\">— ")
                    .append(Html.esc(e.getKey())).append("</span> · ");
            p++;
        }
        return svg.end() + legend.append("shaded: operations (write to delivery)</div>");
    }

    /** Works per second of each second; a last partial second is scaled, one shorter than 0.2 s left out. */
    static double[] rates(long[] perSecond, double durationS) {
        double[] out = new double[perSecond.length];
        for (int i = 0; i < perSecond.length; i++) {
            double covered = Math.min(1, durationS - i);
            out[i] = covered < 0.2 ? Double.NaN : perSecond[i] / covered;
        }
        return out;
    }
}
