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

    public static String render(StressReport r) {
        List<String> names = new ArrayList<>(r.policies().keySet());
        List<String[]> rows = new ArrayList<>();
        row(rows, "works queued", names, r, p -> n(p.works().queued()));
        row(rows, "works executed", names, r, p -> n(p.works().executed()));
        row(rows, "  cancelled (flush_work/cancel)", names, r, p -> n(p.works().cancelled()));
        row(rows, "  lost / duplicated", names, r, p -> p.works().lost() + " / " + p.works().duplicated());
        row(rows, "flushes checked / early", names, r,
                p -> n(p.works().flushes()) + " / " + p.works().flushViolations());
        row(rows, "wrong CPU", names, r, p -> n(p.wrongCpu().count()) + " " + pct(p.wrongCpu().rate()));
        row(rows, "  95% interval", names, r, p -> pct(p.wrongCpu().ci95()[0]) + "-" + pct(p.wrongCpu().ci95()[1]));
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
        StringBuilder b = new StringBuilder();
        StressReport.Hotplug h = r.policies().values().iterator().next().hotplug();
        b.append(String.format(Locale.ROOT, "hotplug (%s, %s, seed %d): %d operations%n"
                        + "  online  %d/%d ok, %s..%s, mean %s%n  offline %d/%d ok, %s..%s, mean %s%n"
                        + "  injected failures %d %s; actions from someone else's hotplug: %d%n",
                r.comparison(), r.machine().simulated() ? "simulated" : "real", r.seed(), h.operations(),
                h.online().successes(), h.online().attempts(), us(h.online().minUs()), us(h.online().maxUs()),
                us(h.online().meanUs()), h.offline().successes(), h.offline().attempts(), us(h.offline().minUs()),
                us(h.offline().maxUs()), us(h.offline().meanUs()), h.injected().count(), h.injected().outcomes(),
                h.externalEvents()));
        b.append(pad("", widths[0]));
        for (int i = 0; i < names.size(); i++) {
            b.append("  ").append(pad(names.get(i), widths[i + 1]));
        }
        b.append('\n');
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                b.append(i == 0 ? "" : "  ").append(pad(row[i], widths[i]));
            }
            b.append('\n');
        }
        b.append(r.invariantsHeld() ? "invariants held" : "INVARIANTS BROKEN:").append('\n');
        for (String f : r.failures()) {
            b.append("  - ").append(f).append('\n');
        }
        b.append("CPUs restored: ").append(r.cpusRestored() ? "yes" : "NO").append('\n');
        return b.toString();
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
