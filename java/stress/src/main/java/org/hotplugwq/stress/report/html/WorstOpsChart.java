package org.hotplugwq.stress.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hotplugwq.stress.report.Timeline;

/** The operations with the most wrong-CPU works, each as a small timeline of its own (ms since its write). */
public final class WorstOpsChart {
    private static final int ROW = 18;

    private WorstOpsChart() {
    }

    public static String render(Timeline t) {
        if (t.worstOps().isEmpty()) {
            return "<p class=\"muted\">No wrong-CPU work belongs to any operation.</p>";
        }
        StringBuilder b = new StringBuilder();
        int rank = 1;
        for (Timeline.WorstOp w : t.worstOps()) {
            Timeline.Op op = w.op();
            b.append("<h3>").append(rank++).append(". ").append(Html.esc(op.label())).append(" at ")
                    .append(Html.fmt(op.start(), 3)).append(" s — ").append(String.format("%,d", w.total()))
                    .append(" wrong-CPU works</h3><div class=\"muted\">");
            List<String> parts = new ArrayList<>();
            w.wrong().forEach((policy, n) -> parts.add(Html.esc(policy) + " " + String.format("%,d", n)));
            b.append(String.join(" · ", parts)).append(" — ").append(Html.esc(TimelineChart.describe(op)))
                    .append("</div>");
            b.append(chart(t, w));
        }
        return b.toString();
    }

    private static String chart(Timeline t, Timeline.WorstOp w) {
        Timeline.Op op = w.op();
        double from = op.begin();
        double to = op.end();
        for (List<Timeline.Point> ps : w.points().values()) {
            for (Timeline.Point p : ps) {
                from = Math.min(from, p.t());
                to = Math.max(to, p.t());
            }
        }
        double pad = Math.max(0.0005, (to - from) * 0.06);
        TimeAxis axis = new TimeAxis(from - pad, to + pad, TimelineChart.LEFT, TimelineChart.RIGHT);
        List<String> policies = new ArrayList<>(w.wrong().keySet());
        int top = 4;
        int axisY = top + 26 + policies.size() * ROW + 2;
        Svg svg = new Svg(TimelineChart.WIDTH, axisY + 18, op.label() + " and its wrong-CPU works");
        axis.grid(svg, top, axisY, op.start(), true);
        svg.text(4, top + 15, "cpu" + op.cpu());
        svg.rect(axis.left(), top + 4, axis.right() - axis.left(), 14, "#f0f0f0", null);
        for (Timeline.Op other : t.ops()) {
            if (other.cpu() == op.cpu() && other.end() >= from - pad && other.begin() <= to + pad) {
                TimelineChart.op(svg, axis, other, top + 2, 18);
            }
        }
        TimelineChart.steps(svg, axis, t.kernelSteps(), op.cpu(), top, top + 22);
        for (int i = 0; i < policies.size(); i++) {
            String policy = policies.get(i);
            double y = top + 26 + i * ROW;
            svg.rect(axis.left(), y, axis.right() - axis.left(), ROW - 3, i % 2 == 0 ? "#f4f4f4" : "#fafafa", null);
            svg.text(TimelineChart.LEFT - 6, y + 11, policy, "text-anchor=\"end\" fill=\"" + colour(t, policy) + "\"");
            for (Timeline.Point p : w.points().getOrDefault(policy, List.of())) {
                svg.circle(axis.x(p.t()), y + 2.5 + p.cause().ordinal() * 2.5, 2, Palette.cause(p.cause()),
                        TimelineChart.describe(policy, p));
            }
        }
        return svg.end();
    }

    private static String colour(Timeline t, String policy) {
        int i = 0;
        for (Map.Entry<String, ?> e : t.wrong().entrySet()) {
            if (e.getKey().equals(policy)) {
                return Palette.policy(i);
            }
            i++;
        }
        return "#333";
    }
}
