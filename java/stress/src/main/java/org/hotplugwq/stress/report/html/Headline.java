package org.hotplugwq.stress.report.html;

import java.util.List;
import org.hotplugwq.stress.report.PairedDifference;

/**
 * The answer to the seed's question: each policy's wrong-CPU rate minus another's over the same operations, with
 * its interval, as text and as intervals around zero.
 */
public final class Headline {
    private static final int ROW = 24;

    private Headline() {
    }

    /** Nothing when there is no difference to show. */
    public static String render(List<PairedDifference> diffs) {
        if (diffs == null || diffs.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<section id=\"headline\"><h2>Paired differences</h2>");
        b.append("<ul class=\"headline\">");
        for (PairedDifference d : diffs) {
            String tone = d.lowPp() > 0 ? "worse" : d.highPp() < 0 ? "better" : "same";
            b.append("<li class=\"").append(tone).append("\">").append(Html.esc(d.headline())).append("</li>");
        }
        b.append("</ul><div class=\"muted\">Percentage points of wrong-CPU works, first policy minus second, over")
                .append(" the same hotplug operations; ").append(Html.fmt(diffs.get(0).confidence() * 100, 0))
                .append("% intervals from the per-operation pairing. Above 0: the first puts more works on the")
                .append(" wrong CPU.</div>");
        return b.append(forest(diffs)).append("</section>").toString();
    }

    private static String forest(List<PairedDifference> diffs) {
        double m = 1e-3;
        for (PairedDifference d : diffs) {
            m = Math.max(m, Math.max(Math.abs(d.lowPp()), Math.abs(d.highPp())));
            m = Math.max(m, Math.abs(d.differencePp()));
        }
        m *= 1.1;
        double left = 260;
        double right = TimelineChart.RIGHT - 80;
        int height = diffs.size() * ROW + 30;
        Svg svg = new Svg(TimelineChart.WIDTH, height, "paired differences with their intervals");
        double zero = (left + right) / 2;
        double step = Html.niceStep(2 * m);
        int digits = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        for (double v = -Math.floor(m / step) * step; v <= m + 1e-12; v += step) {
            double x = zero + (right - zero) * v / m;
            svg.line(x, 4, x, height - 22, Math.abs(v) < 1e-12 ? "#777" : "#e8e8e8", 1, null);
            svg.text(x, height - 8, (v > 0 ? "+" : "") + Html.fmt(v, digits) + " pp",
                    "text-anchor=\"middle\" fill=\"#555\"");
        }
        for (int i = 0; i < diffs.size(); i++) {
            PairedDifference d = diffs.get(i);
            double y = 4 + i * ROW + ROW / 2.0;
            String colour = d.lowPp() > 0 ? Palette.OFFLINE_OP : d.highPp() < 0 ? Palette.ONLINE_OP : "#555";
            svg.text(4, y + 4, d.minuend() + " − " + d.subtrahend(), "font-weight=\"600\"");
            svg.line(zero + (right - zero) * d.lowPp() / m, y, zero + (right - zero) * d.highPp() / m, y, colour, 3,
                    d.headline());
            svg.circle(zero + (right - zero) * d.differencePp() / m, y, 4.5, colour, d.headline());
        }
        return svg.end();
    }
}
