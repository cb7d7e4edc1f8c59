package org.hotplugwq.stress.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/** The summary printed on stdout: one column per policy. */
public final class SummaryTable {
    private SummaryTable() {
    }

    /** The table at any width: one column per policy, side by side. */
    public static String render(StressReport r) {
        return render(r, Integer.MAX_VALUE);
    }

    /**
     * The table within {@code columns} characters a line: as many policies side by side as fit, the rest in
     * further blocks below; a policy too wide even alone gets a block of {@code label: value} lines.
     */
    public static String render(StressReport r, int columns) {
        List<String> names = new ArrayList<>(r.policies().keySet());
        List<String[]> rows = new ArrayList<>();
        row(rows, "works queued", names, r, p -> n(p.works().queued()));
        row(rows, "works executed", names, r, p -> n(p.works().executed()));
        row(rows, "  cancelled (flush_work/cancel)", names, r, p -> n(p.works().cancelled()));
        row(rows, "  lost / duplicated", names, r, p -> p.works().lost() + " / " + p.works().duplicated());
        row(rows, "flushes checked / early", names, r,
                p -> n(p.works().flushes()) + " / " + p.works().flushViolations());
        row(rows, "wrong CPU", names, r, p -> n(p.wrongCpu().count()) + " " + pct(p.wrongCpu().rate()));
        row(rows, "  95% interval (per operation)", names, r,
                p -> pct(p.wrongCpu().ci95()[0]) + "-" + pct(p.wrongCpu().ci95()[1]));
        for (String kind : List.of("offline", "online")) {
            row(rows, "  per " + kind + " p50/p90/max", names, r, p -> {
                StressReport.PerOperation o = p.wrongCpu().perOperation().get(kind);
                return o.p50() + "/" + o.p90() + "/" + o.max();
            });
        }
        for (WrongCpuCause c : WrongCpuCause.values()) {
            row(rows, "  " + c.label(), names, r, p -> {
                StressReport.Cause cause = p.wrongCpu().byCause().get(c.key());
                return n(cause.count()) + " " + pct(cause.rate());
            });
        }
        row(rows, "stranded works (max wait)", names, r,
                p -> n(p.stranded().count()) + " (" + us(p.stranded().maxWaitUs()) + ")");
        row(rows, "CPU_DEAD callback p50/p99/max", names, r, p -> us(p.deadCallbackUs().p50()) + "/"
                + us(p.deadCallbackUs().p99()) + "/" + us(p.deadCallbackUs().max()));
        row(rows, "detection latency p50/p99", names, r,
                p -> us(p.detectionLatencyUs().p50()) + "/" + us(p.detectionLatencyUs().p99())
                        + (p.detectionLatencyUs().negativeSamples() == 0 ? "" : " (" + p.detectionLatencyUs()
                        .negativeSamples() + " <0, min " + p.detectionLatencyUs().minUs() + "us)"));
        row(rows, "queue->start p50/p99", names, r,
                p -> us(p.queueToStartUs().p50()) + "/" + us(p.queueToStartUs().p99()));
        row(rows, "invariants", names, r, p -> p.invariants().values().stream().allMatch(b -> b) ? "held"
                : "BROKEN: " + String.join(",", p.invariants().entrySet().stream().filter(e -> !e.getValue())
                        .map(Map.Entry::getKey).toList()));

        int[] widths = new int[names.size() + 1];
        widths[0] = 30;
        for (int i = 0; i < names.size(); i++) {
            widths[i + 1] = names.get(i).length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder(headline(r.pairedDifferences(), r.interval().segments()));
        StressReport.Hotplug h = r.policies().values().iterator().next().hotplug();
        b.append(String.format(Locale.ROOT, "hotplug (%s, %s, seed %d): %d operations%n"
                        + "  online  %d/%d ok, %s..%s, mean %s%n  offline %d/%d ok, %s..%s, mean %s%n"
                        + "  injected failures %d %s%n  actions from someone else's hotplug: %d%n",
                r.comparison(), r.machine().simulated() ? "simulated" : "real", r.seed(), h.operations(),
                h.online().successes(), h.online().attempts(), us(h.online().minUs()), us(h.online().maxUs()),
                us(h.online().meanUs()), h.offline().successes(), h.offline().attempts(), us(h.offline().minUs()),
                us(h.offline().maxUs()), us(h.offline().meanUs()), h.injected().count(), words(h.injected().outcomes()),
                h.externalEvents()));
        int from = 1;
        while (from <= names.size()) {
            int to = from;
            int width = widths[0] + 2 + widths[from];
            while (to + 1 <= names.size() && width + 2 + widths[to + 1] <= columns) {
                width += 2 + widths[++to];
            }
            if (width > columns) {
                block(b, names.get(from - 1), rows, from);
            } else {
                columns(b, names, rows, widths, from, to);
            }
            from = to + 1;
        }
        b.append(r.invariantsHeld() ? "invariants held" : "INVARIANTS BROKEN:").append('\n');
        for (String f : r.failures()) {
            b.append("  - ").append(f).append('\n');
        }
        b.append("CPUs restored: ").append(r.cpusRestored() ? "yes" : "NO").append('\n');
        return b.toString();
    }

    /**
     * The paired differences, the summary's first lines: {@code drain − takeover: +0.412 pp [0.301, 0.530]}.
     *
     * @param segments the operation segments they were resampled over
     */
    public static String headline(List<PairedDifference> differences, long segments) {
        if (differences.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "wrong-CPU rate differences"
                + " (pp, 95%% interval over %,d hotplug operations):%n", segments));
        for (PairedDifference d : differences) {
            b.append("  ").append(d.headline()).append('\n');
        }
        return b.toString();
    }

    /**
     * The summary of a series of runs, after each run's own: a line per run, then per notify mode the pooled
     * paired differences (the headline) and each policy's pooled rate.
     */
    public static String renderSeries(SeriesReport s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "series of %d runs:%n", s.runs().size()));
        for (SeriesReport.Run run : s.runs()) {
            b.append(String.format(Locale.ROOT, "  seed %d, %s:", run.seed(), run.notifyMode()));
            run.report().policies().forEach((name, p) -> b.append(String.format(Locale.ROOT, " %s %s [%s, %s];",
                    name, pct(p.wrongCpu().rate()), pct(p.wrongCpu().ci95()[0]), pct(p.wrongCpu().ci95()[1]))));
            b.append(run.report().invariantsHeld() ? " invariants held" : " INVARIANTS BROKEN").append('\n');
        }
        for (SeriesReport.Pooled p : s.pooled().values()) {
            b.append(String.format(Locale.ROOT, "pooled, notify %s, %d runs (seeds %s):%n", p.notifyMode(),
                    p.seeds().size(), p.seeds()));
            b.append(headline(p.pairedDifferences(), p.interval().segments()));
            p.policies().forEach((name, pp) -> {
                StressReport.PerOperation off = pp.perOperation().get("offline");
                StressReport.PerOperation on = pp.perOperation().get("online");
                b.append(String.format(Locale.ROOT, "  %-10s %s [%s, %s] of %s works; per offline p50/p90/max"
                                + " %d/%d/%d, per online %d/%d/%d%n", name, pct(pp.rate()), pct(pp.ci95()[0]),
                        pct(pp.ci95()[1]), n(pp.cpuAffine()), off.p50(), off.p90(), off.max(), on.p50(), on.p90(),
                        on.max()));
            });
        }
        b.append(s.invariantsHeld() ? "invariants held in every run" : "INVARIANTS BROKEN in a run").append('\n');
        return b.toString();
    }

    /** Policies {@code from..to} (1-based columns) side by side. */
    private static void columns(StringBuilder b, List<String> names, List<String[]> rows, int[] widths, int from,
                                int to) {
        StringBuilder line = new StringBuilder(pad("", widths[0]));
        for (int i = from; i <= to; i++) {
            line.append("  ").append(pad(names.get(i - 1), widths[i]));
        }
        b.append(line.toString().stripTrailing()).append('\n');
        for (String[] row : rows) {
            line.setLength(0);
            line.append(pad(row[0], widths[0]));
            for (int i = from; i <= to; i++) {
                line.append("  ").append(pad(row[i], widths[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
    }

    /** One policy as {@code label: value} lines, for a terminal too narrow for its column. */
    private static void block(StringBuilder b, String name, List<String[]> rows, int column) {
        b.append(name).append('\n');
        for (String[] row : rows) {
            b.append("  ").append(row[0].strip()).append(": ").append(row[column]).append('\n');
        }
    }

    private static void row(List<String[]> rows, String label, List<String> names, StressReport r,
                            Function<StressReport.PolicyReport, String> cell) {
        String[] row = new String[names.size() + 1];
        row[0] = label;
        for (int i = 0; i < names.size(); i++) {
            row[i + 1] = cell.apply(r.policies().get(names.get(i)));
        }
        rows.add(row);
    }

    /** {@code {offlineRefusedRolledBack=2}} as {@code {offline refused rolled back=2}}. */
    private static String words(Map<String, Long> counts) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT), v));
        return out.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String pct(double rate) {
        return String.format(Locale.ROOT, "%.3f%%", rate * 100);
    }

    static String us(double us) {
        if (us >= 10_000) {
            return String.format(Locale.ROOT, "%.1fms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.0fus", us);
    }
}
