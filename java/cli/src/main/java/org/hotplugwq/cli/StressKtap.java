package org.hotplugwq.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hotplugwq.stress.report.StressReport;

/**
 * {@code stress --format ktap}: one test per policy with a subtest per invariant, then the run's own invariants;
 * every point of a simulated run is skipped with the reason (no real hotplug was tested), and so is a real run in
 * which no CPU changed. Failures keep {@code not ok} and say what broke in diagnostic lines (README, "KTAP and
 * kselftest").
 */
final class StressKtap {
    private StressKtap() {
    }

    static List<Ktap.Point> points(StressReport r) {
        List<Ktap.Point> points = new ArrayList<>();
        r.policies().forEach((name, p) -> points.add(policy(r, name, p)));
        points.add(run(r));
        StressReport.Hotplug h = r.policies().isEmpty() ? null : r.policies().values().iterator().next().hotplug();
        if (r.machine().simulated()) {
            return Ktap.skipPassed(points, "simulated run: " + r.machine().simulatedReason());
        }
        if (h != null && h.online().successes() + h.offline().successes() == 0) {
            return Ktap.skipPassed(points, "no CPU changed during the run: nothing was tested under hotplug");
        }
        return points;
    }

    private static Ktap.Point policy(StressReport r, String name, StressReport.PolicyReport p) {
        List<Ktap.Point> subs = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : p.invariants().entrySet()) {
            subs.add(Ktap.Point.leaf(e.getKey(), e.getValue() ? Ktap.Result.PASS : Ktap.Result.FAIL, null));
        }
        List<String> diags = new ArrayList<>();
        diags.add(String.format(Locale.ROOT, "%s: %,d works executed, wrong CPU %,d (%.3f%%), stranded %,d",
                name, p.works().executed(), p.wrongCpu().count(), p.wrongCpu().rate() * 100, p.stranded().count()));
        r.failures().stream().filter(f -> f.startsWith(name + ":")).forEach(diags::add);
        return Ktap.Point.parent(name, subs, null, diags);
    }

    private static Ktap.Point run(StressReport r) {
        boolean hang = r.threadDump() != null || r.failures().stream().anyMatch(f -> f.startsWith("no hang:"));
        List<String> runFailures = r.failures().stream().filter(f -> f.startsWith("the run failed:")
                || f.startsWith("no hang:") || f.startsWith("cpus restored:")).toList();
        List<Ktap.Point> subs = List.of(
                Ktap.Point.leaf("cpusRestored", r.cpusRestored() ? Ktap.Result.PASS : Ktap.Result.FAIL, null),
                Ktap.Point.leaf("noHang", hang ? Ktap.Result.FAIL : Ktap.Result.PASS, null),
                Ktap.Point.leaf("runCompleted", r.failures().stream().anyMatch(f -> f.startsWith("the run failed:"))
                        ? Ktap.Result.FAIL : Ktap.Result.PASS, null));
        return Ktap.Point.parent("run", subs, null, runFailures);
    }

    static List<String> header(StressReport r) {
        List<String> h = new ArrayList<>();
        h.add("hotplugwq stress: " + r.options().duration() + " on " + r.machine().platform() + ", seed " + r.seed()
                + ", policies " + String.join(",", r.options().policies()) + ", hotplugging cpu "
                + (r.machine().hotplugged().isEmpty() ? "none" : r.machine().hotplugged()));
        if (r.provenance() != null) {
            h.add("hotplugwq " + r.provenance().toolVersion() + " (" + r.provenance().toolCommit() + "), "
                    + r.provenance().jvmVendor() + " " + r.provenance().jvmVersion() + ", " + r.provenance().kernel()
                    + ", host " + r.provenance().hostName());
        }
        if (r.interrupted()) {
            h.add("interrupted after " + r.durationS() + " s: the results cover the part that ran");
        }
        return h;
    }

    static List<String> footer(StressReport r) {
        StressReport.Hotplug h = r.policies().isEmpty() ? null : r.policies().values().iterator().next().hotplug();
        List<String> f = new ArrayList<>();
        if (h != null) {
            f.add(String.format(Locale.ROOT, "hotplug: %d operations, online %d/%d ok, offline %d/%d ok,"
                    + " injected failures %d", h.operations(), h.online().successes(), h.online().attempts(),
                    h.offline().successes(), h.offline().attempts(), h.injected().count()));
        }
        f.add(r.invariantsHeld() ? "invariants held" : "INVARIANTS BROKEN: " + r.failures().size() + " failures");
        return f;
    }

    static String render(StressReport r) {
        return Ktap.render(header(r), points(r), footer(r));
    }

    /** kselftest's exit code for the report. */
    static int exitCode(StressReport r) {
        return Ktap.exitCode(points(r));
    }
}
