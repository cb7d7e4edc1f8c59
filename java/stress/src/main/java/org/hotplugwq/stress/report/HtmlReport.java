package org.hotplugwq.stress.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network) with the
 * verdict, a timeline of the hotpluggable CPUs (offline spans, operations, wrong-CPU executions per policy)
 * and per-policy bars of the wrong-CPU rate by cause.
 */
final class HtmlReport {
    private static final String[] CAUSE_COLOURS = {"#e07b00", "#7b3fbf", "#1f77b4", "#17becf", "#d62728"};
    private static final int WIDTH = 1100;
    private static final int LEFT = 130;
    private static final int RIGHT = 20;

    private final StressReport r;
    private final Timeline t;
    private final StringBuilder b = new StringBuilder();

    HtmlReport(StressReport report, Timeline timeline) {
        this.r = report;
        this.t = timeline;
    }

    String render() {
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>hotplugwq stress report</title>")
                .append("<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1150px}")
                .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:26px 0 8px}")
                .append(".ok{color:#137333;font-weight:600}.bad{color:#c5221f;font-weight:600}")
                .append(".banner{background:#fff4ce;border:1px solid #e0c060;padding:8px 12px;margin:10px 0}")
                .append("table{border-collapse:collapse;font-variant-numeric:tabular-nums}")
                .append("td,th{border:1px solid #ddd;padding:3px 9px;text-align:right}th{background:#f3f3f3}")
                .append("td:first-child,th:first-child{text-align:left}.muted{color:#666}")
                .append("svg text{font:11px system-ui,sans-serif}</style></head><body>");
        header();
        timeline();
        causeBars();
        table();
        b.append("<p class=\"muted\">Wrong CPU: a work of a per-CPU workqueue that started or ended on a CPU")
                .append(" other than its queue's (single-threaded workqueues are unbound by design and not counted).")
                .append(" Rates are of CPU-affine executions, with 95% Wilson intervals. Comparison: <b>")
                .append(esc(r.comparison()))
                .append("</b> — one set of hotplug events delivered to every policy's workqueue system at once.</p>");
        b.append("</body></html>\n");
        return b.toString();
    }

    private void header() {
        StressReport.Machine m = r.machine();
        b.append("<h1>hotplugwq stress — ").append(r.invariantsHeld() ? "<span class=ok>invariants held</span>"
                : "<span class=bad>INVARIANTS BROKEN</span>").append("</h1>");
        b.append("<div class=muted>").append(esc(r.startedAt())).append(" · ").append(fmt(r.durationS(), 1))
                .append(" s · seed ").append(r.seed()).append(" · ").append(esc(m.platform())).append(" · kernel ")
                .append(esc(m.kernel())).append(" · ").append(esc(m.arch())).append(" · current CPU via ")
                .append(esc(m.jni())).append(" · hotplugged CPUs ").append(esc(m.hotplugged()))
                .append(" · CPUs restored: ").append(r.cpusRestored() ? "yes" : "<span class=bad>NO</span>")
                .append("</div>");
        if (m.simulated()) {
            b.append("<div class=banner><b>Simulated run</b>: ").append(esc(m.simulatedReason())).append("</div>");
        }
        if (!r.failures().isEmpty()) {
            b.append("<ul class=bad>");
            r.failures().forEach(f -> b.append("<li>").append(esc(f)).append("</li>"));
            b.append("</ul>");
        }
    }

    private double x(double seconds) {
        double d = Math.max(t.durationS(), 1e-3);
        return LEFT + (WIDTH - LEFT - RIGHT) * Math.max(0, Math.min(1, seconds / d));
    }

    private void timeline() {
        List<Integer> cpus = t.cpus();
        List<String> policies = new ArrayList<>(t.wrong().keySet());
        int rowH = 22;
        int top = 24;
        int cpuBlock = cpus.size() * rowH;
        int policyRowH = 34;
        int height = top + cpuBlock + 16 + policies.size() * policyRowH + 40;
        b.append("<h2>Timeline</h2><svg width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"timeline\">");
        int axisY = height - 22;
        double step = niceStep(t.durationS());
        for (double s = 0; s <= t.durationS() + 1e-9; s += step) {
            double xx = x(s);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                    xx, top - 6, xx, axisY));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>",
                    xx, axisY + 14, fmt(s, step < 1 ? 1 : 0)));
        }
        b.append("<text x=\"4\" y=\"14\" font-weight=\"600\">CPUs (green: online)</text>");
        for (int i = 0; i < cpus.size(); i++) {
            int cpu = cpus.get(i);
            int y = top + i * rowH;
            b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">cpu%d</text>", y + 14, cpu));
            b.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"#9fd8a5\"/>",
                    LEFT, y + 2, x(t.durationS()) - LEFT));
            for (double[] span : t.offlineSpans().getOrDefault(cpu, List.of())) {
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%d\" width=\"%.2f\" height=\"14\" fill=\"#bbb\"/>",
                        x(span[0]), y + 2, Math.max(0.6, x(span[1]) - x(span[0]))));
            }
            for (Timeline.Op op : t.ops()) {
                if (op.cpu() != cpu) {
                    continue;
                }
                String colour = op.result().startsWith("EXTERNAL") ? "#1f4fff"
                        : op.injected() || !op.result().equals("DONE") ? "#e07b00" : op.up() ? "#137333" : "#c5221f";
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-width=\"1\"><title>%.3f s %s cpu%d: %s%s</title></line>",
                        x(op.t()), y, x(op.t()), y + 18, colour, op.t(), op.up() ? "online" : "offline", cpu,
                        op.result(), op.injected() ? " (injected)" : ""));
            }
        }
        int py0 = top + cpuBlock + 16;
        b.append(String.format(Locale.ROOT,
                "<text x=\"4\" y=\"%d\" font-weight=\"600\">wrong-CPU works</text>", py0 - 4));
        for (int p = 0; p < policies.size(); p++) {
            String name = policies.get(p);
            int y = py0 + p * policyRowH;
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                    LEFT, y, x(t.durationS()) - LEFT, policyRowH - 4, p % 2 == 0 ? "#f7f7f7" : "#fcfcfc"));
            b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>", y + 19, esc(name)));
            for (Timeline.Point pt : t.wrong().get(name)) {
                int ci = pt.cause().ordinal();
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"1.8\" fill=\"%s\"/>",
                        x(pt.t()), y + 4 + ci * 6, CAUSE_COLOURS[ci]));
            }
        }
        b.append("</svg>");
        legend();
    }

    private void legend() {
        b.append("<div class=muted style=\"margin:4px 0 0\">");
        b.append("<span style=\"color:#c5221f\">| offline</span> · <span style=\"color:#137333\">| online</span> · ")
                .append("<span style=\"color:#e07b00\">| injected/failed</span> · ")
                .append("<span style=\"color:#1f4fff\">| someone else's hotplug</span> · dots: ");
        for (WrongCpuCause c : WrongCpuCause.values()) {
            b.append("<span style=\"color:").append(CAUSE_COLOURS[c.ordinal()]).append("\">● ")
                    .append(esc(c.label())).append("</span> ");
        }
        b.append("(sampled)</div>");
    }

    private void causeBars() {
        double max = 0;
        for (StressReport.PolicyReport p : r.policies().values()) {
            for (StressReport.Cause c : p.wrongCpu().byCause().values()) {
                max = Math.max(max, c.ci95()[1]);
            }
        }
        max = max <= 0 ? 1e-6 : max;
        int barH = 13;
        int groupH = WrongCpuCause.values().length * (barH + 3) + 16;
        int height = r.policies().size() * groupH + 30;
        int labelW = 300;
        int plotW = WIDTH - labelW - 150;
        b.append("<h2>Wrong-CPU rate by cause</h2><svg width=\"").append(WIDTH)
                .append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"wrong-CPU rate by cause\">");
        int y = 4;
        for (Map.Entry<String, StressReport.PolicyReport> e : r.policies().entrySet()) {
            StressReport.WrongCpu w = e.getValue().wrongCpu();
            b.append(String.format(Locale.ROOT,
                    "<text x=\"4\" y=\"%d\" font-weight=\"600\">%s — %s (%s–%s) of %,d works</text>",
                    y + 11, esc(e.getKey()), SummaryTable.pct(w.rate()), SummaryTable.pct(w.ci95()[0]),
                    SummaryTable.pct(w.ci95()[1]), e.getValue().works().cpuAffine()));
            y += 16;
            for (WrongCpuCause c : WrongCpuCause.values()) {
                StressReport.Cause cause = w.byCause().get(c.key());
                double bw = plotW * cause.rate() / max;
                b.append(String.format(Locale.ROOT, "<text x=\"20\" y=\"%d\">%s</text>", y + 10, esc(c.label())));
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
                        labelW, y, Math.max(cause.count() > 0 ? 1 : 0, bw), barH, CAUSE_COLOURS[c.ordinal()]));
                double lo = labelW + plotW * cause.ci95()[0] / max;
                double hi = labelW + plotW * cause.ci95()[1] / max;
                b.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>",
                        lo, y + barH / 2, hi, y + barH / 2));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s (%,d)</text>",
                        Math.max(labelW + bw, hi) + 6, y + 10, SummaryTable.pct(cause.rate()), cause.count()));
                y += barH + 3;
            }
            y += 8;
        }
        b.append("</svg>");
    }

    private void table() {
        b.append("<h2>Numbers</h2><pre style=\"font-size:12px;background:#fafafa;border:1px solid #ddd;padding:8px\">")
                .append(esc(SummaryTable.render(r))).append("</pre>");
    }

    private static double niceStep(double d) {
        double raw = Math.max(d, 0.01) / 10;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (raw <= m * p) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
