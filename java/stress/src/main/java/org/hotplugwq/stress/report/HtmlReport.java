package org.hotplugwq.stress.report;

import java.util.List;
import org.hotplugwq.stress.report.html.CauseBars;
import org.hotplugwq.stress.report.html.DetectionCdfChart;
import org.hotplugwq.stress.report.html.Headline;
import org.hotplugwq.stress.report.html.Html;
import org.hotplugwq.stress.report.html.SinceWriteChart;
import org.hotplugwq.stress.report.html.ThroughputChart;
import org.hotplugwq.stress.report.html.TimelineChart;
import org.hotplugwq.stress.report.html.WorstOpsChart;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network; also well-formed XML)
 * with the verdict, the paired-difference headline, the timeline, throughput over time, the worst operations,
 * wrong-CPU works by time since their write, the detection latency per source and the rates by cause. The
 * charts are in the {@code html} package.
 */
final class HtmlReport {
    /** The sections' ids, in page order (the headline only when there are paired differences). */
    static final List<String> SECTIONS = List.of("headline", "timeline", "throughput", "worst-operations",
            "since-write", "detection-latency", "causes", "numbers");

    private static final String STYLE = "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;"
            + "max-width:1150px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}"
            + "h3{font-size:14px;margin:16px 0 2px}.ok{color:#137333;font-weight:600}"
            + ".bad{color:#c5221f;font-weight:600}"
            + ".banner{background:#fff4ce;border:1px solid #e0c060;padding:8px 12px;margin:10px 0}"
            + ".muted{color:#666}.legend{color:#555;margin:2px 0 0;font-size:13px}"
            + "ul.headline{list-style:none;padding:0;margin:4px 0}"
            + "ul.headline li{font:600 18px/1.5 ui-monospace,monospace}li.worse{color:#c5221f}"
            + "li.better{color:#137333}li.same{color:#444}svg{display:block}"
            + "svg text{font:11px system-ui,sans-serif}"
            + "pre{font-size:12px;background:#fafafa;border:1px solid #ddd;padding:8px;overflow-x:auto}";

    private final StressReport r;
    private final Timeline t;
    private final List<PairedDifference> diffs;
    private final StringBuilder b = new StringBuilder();

    HtmlReport(StressReport report, Timeline timeline, List<PairedDifference> pairedDifferences) {
        this.r = report;
        this.t = timeline;
        this.diffs = pairedDifferences == null ? List.of() : pairedDifferences;
    }

    String render() {
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<title>hotplugwq stress report</title><style>").append(STYLE).append("</style></head><body>");
        header();
        b.append(Headline.render(diffs));
        section("timeline", "Timeline", TimelineChart.render(t) + TimelineChart.legend());
        section("throughput", "Throughput over time", ThroughputChart.render(t));
        section("worst-operations", "The " + t.worstOps().size() + " operations with the most wrong-CPU works",
                WorstOpsChart.render(t));
        section("since-write", "Wrong-CPU works by time since their operation's write", SinceWriteChart.render(t));
        section("detection-latency", "Detection latency per source", DetectionCdfChart.render(t));
        section("causes", "Wrong-CPU rate by cause", CauseBars.render(r));
        section("numbers", "Numbers", "<pre>" + Html.esc(SummaryTable.render(r)) + "</pre>");
        b.append("<p class=\"muted\">Wrong CPU: a work of a per-CPU workqueue that started or ended on a CPU")
                .append(" other than its queue's (single-threaded workqueues are unbound by design and not counted).")
                .append(" Rates are of CPU-affine executions, with 95% intervals over hotplug operations.")
                .append(" Comparison: <b>").append(Html.esc(r.comparison()))
                .append("</b> — one set of hotplug events delivered to every policy's workqueue system at once.</p>");
        b.append("</body></html>\n");
        return b.toString();
    }

    private void section(String id, String title, String body) {
        b.append("<section id=\"").append(id).append("\"><h2>").append(Html.esc(title)).append("</h2>").append(body)
                .append("</section>");
    }

    private void header() {
        StressReport.Machine m = r.machine();
        b.append("<h1>hotplugwq stress — ").append(r.invariantsHeld() ? "<span class=\"ok\">invariants held</span>"
                : "<span class=\"bad\">INVARIANTS BROKEN</span>").append("</h1>");
        b.append("<div class=\"muted\">").append(Html.esc(r.startedAt())).append(" · ")
                .append(Html.fmt(r.durationS(), 1)).append(" s · seed ").append(r.seed()).append(" · ")
                .append(Html.esc(m.platform())).append(" · kernel ").append(Html.esc(m.kernel())).append(" · ")
                .append(Html.esc(m.arch())).append(" · current CPU via ").append(Html.esc(m.jni()))
                .append(" · hotplugged CPUs ").append(Html.esc(m.hotplugged())).append(" · CPUs restored: ")
                .append(r.cpusRestored() ? "yes" : "<span class=\"bad\">NO</span>").append(" · kernel steps: ")
                .append(t.kernelSteps().isEmpty() ? "not recorded (--trace)" : t.kernelSteps().size() + " traced")
                .append("</div>");
        if (m.simulated()) {
            b.append("<div class=\"banner\"><b>Simulated run</b>: ").append(Html.esc(m.simulatedReason()))
                    .append("</div>");
        }
        if (r.interrupted()) { // README, "Refusals and exit codes": Ctrl-C keeps what was measured
            b.append("<div class=\"banner\"><b>Interrupted</b> (Ctrl-C): this covers the part that ran</div>");
        }
        Provenance p = r.provenance();
        if (p != null) { // README, "Provenance"
            b.append("<div class=\"muted\">hotplugwq ").append(Html.esc(p.toolVersion())).append(" (")
                    .append(Html.esc(p.toolCommit())).append(") · ").append(Html.esc(p.jvmVendor())).append(' ')
                    .append(Html.esc(p.jvmVersion())).append(" · host ").append(Html.esc(p.hostName())).append(" · ")
                    .append(Html.esc(p.commandLine() == null ? "" : String.join(" ", p.commandLine())))
                    .append("</div>");
        }
        if (!r.failures().isEmpty()) {
            b.append("<ul class=\"bad\">");
            r.failures().forEach(f -> b.append("<li>").append(Html.esc(f)).append("</li>"));
            b.append("</ul>");
        }
    }
}
