package org.hotplugwq.stress.report.html;

import java.util.Locale;
import java.util.Map;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/** Per policy, the wrong-CPU rate of each cause with its interval. */
public final class CauseBars {
    private CauseBars() {
    }

    public static String render(StressReport r) {
        double max = 0;
        for (StressReport.PolicyReport p : r.policies().values()) {
            for (StressReport.Cause c : p.wrongCpu().byCause().values()) {
                max = Math.max(max, Math.max(c.rate(), c.ci95()[1]));
            }
        }
        max = max <= 0 ? 1e-6 : max;
        int barH = 13;
        int groupH = WrongCpuCause.values().length * (barH + 3) + 24;
        int height = r.policies().size() * groupH + 10;
        int labelW = 300;
        int plotW = TimelineChart.WIDTH - labelW - 150;
        Svg svg = new Svg(TimelineChart.WIDTH, height, "wrong-CPU rate by cause");
        int y = 4;
        for (Map.Entry<String, StressReport.PolicyReport> e : r.policies().entrySet()) {
            StressReport.WrongCpu w = e.getValue().wrongCpu();
            svg.text(4, y + 11, String.format(Locale.ROOT, "%s — %s (%s–%s) of %,d works", e.getKey(),
                    Html.pct(w.rate()), Html.pct(w.ci95()[0]), Html.pct(w.ci95()[1]),
                    e.getValue().works().cpuAffine()), "font-weight=\"600\"");
            y += 16;
            for (WrongCpuCause c : WrongCpuCause.values()) {
                StressReport.Cause cause = w.byCause().get(c.key());
                double bw = plotW * cause.rate() / max;
                svg.text(20, y + 10, c.label());
                svg.rect(labelW, y, Math.max(cause.count() > 0 ? 1 : 0, bw), barH, Palette.cause(c),
                        c.label() + ": " + Html.pct(cause.rate()) + " (" + cause.count() + ")");
                double lo = labelW + plotW * cause.ci95()[0] / max;
                double hi = labelW + plotW * cause.ci95()[1] / max;
                svg.line(lo, y + barH / 2.0, hi, y + barH / 2.0, "#333", 1, null);
                svg.text(Math.max(labelW + bw, hi) + 6, y + 10, String.format(Locale.ROOT, "%s (%,d)",
                        Html.pct(cause.rate()), cause.count()));
                y += barH + 3;
            }
            y += 8;
        }
        return svg.end();
    }
}
