package org.hotplugwq.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.DetectionLatencyProbe;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.SysfsPoller;
import org.hotplugwq.hotplug.UeventListener;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.LinuxProbes;
import org.hotplugwq.linux.SysfsWriteException;
import org.hotplugwq.linux.UeventUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hotplugwq bench hotplug}: real CPU hotplug, timed. For each event source (netlink uevents, then
 * per-CPU sysfs polling at 1 ms and at 10 ms, each on its own bridge so each transition is credited to it)
 * toggles one CPU {@code --count} times by writing {@code cpuN/online} directly, as another shell would, and
 * records the write's duration (the kernel's own cost: the floor) and the detection latency, write returned
 * → first action delivered ({@code CPU_DEAD} / {@code CPU_UP_PREPARE}). The CPU is online again afterwards,
 * whatever happens (finally block, the exit guard's JVM shutdown hook, and the state file for a {@code kill -9}),
 * but only if this command offlined it: a CPU someone else took offline meanwhile stays as they left it.
 */
@Command(name = "hotplug",
        description = {"Real hotplug: write duration and detection latency (write returned -> action delivered),"
            + " p50/p99, for uevent and for polling at 1 ms and 10 ms.",
            "Needs root and a hotpluggable CPU; the CPU is always brought back online."})
final class BenchHotplugCommand implements Callable<Integer> {
    /** The targets (docs/PERFORMANCE.md): uevent p50 ≤ 1 ms; poll p50 ≤ interval/2 + 1 ms. */
    static final double UEVENT_TARGET_US = 1000;

    @Mixin
    HotplugEnvironment env;

    @Option(names = "--count", paramLabel = "N", defaultValue = "50",
            description = "offline+online toggles per event source (default: ${DEFAULT-VALUE})")
    int count;

    @Mixin
    CpuOption cpu = new CpuOption(CpuOption.AUTO);

    @Option(names = "--out", paramLabel = "FILE", description = "also write the results as JSON to FILE")
    Path outFile;

    @Mixin
    JsonOutput json;

    private record SourceSpec(String label, Duration interval) { }

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new UserError("--count must be at least 1");
        }
        if (!LinuxProbes.isRoot()) {
            throw new UserError("needs root (it offlines and onlines a real CPU); nothing changed");
        }
        CpuSysfs tree = env.tree();
        OfflinedCpuRegistry registry = env.registry();
        int target;
        try (HotplugBridge checkBridge = HotplugBridge.forTree(tree)) {
            target = cpu.resolve(tree);
            new HotplugController(tree, checkBridge, registry).check(CpuSet.of(target), false, true);
        } catch (HotplugRefusedException e) {
            throw new UserError(e.getMessage() + "; nothing changed");
        }

        MachineRestorer restorer = new MachineRestorer(tree, registry);
        List<Map<String, Object>> results = new ArrayList<>();
        try {
            for (SourceSpec s : List.of(new SourceSpec("uevent", null), new SourceSpec("poll 1ms",
                    Duration.ofMillis(1)), new SourceSpec("poll 10ms", Duration.ofMillis(10)))) {
                try {
                    results.add(measure(tree, registry, target, s));
                } catch (IllegalStateException | SysfsWriteException e) {
                    // a missed action or a refused write: typically another process hotplugging the same CPU
                    throw new CommandFailed(s.label() + ": " + e.getMessage()
                            + " (is another process hotplugging cpu" + target + "?)");
                }
            }
        } finally {
            bringBack(tree, restorer, target, env.err());
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("cpu", target);
        report.put("count", count);
        report.put("sources", results);
        if (json.enabled()) {
            JsonOutput.print(env.out(), report);
        } else {
            print(env.out(), report);
        }
        if (outFile != null) {
            JsonOutput.write(outFile, report);
        }
        return ExitCodes.OK;
    }

    /**
     * Brings back what this process offlined (its temporary records), and nothing else: a CPU that is offline
     * without our record is someone else's. A CPU that cannot be brought back stays on record for
     * {@code hotplugwq restore}.
     *
     * @return whether every CPU this process offlined is online again
     */
    static boolean bringBack(CpuSysfs tree, MachineRestorer restorer, int target, PrintWriter err) {
        boolean ok = true;
        boolean targetReported = false;
        for (MachineRestorer.Restored r : restorer.restoreOwnTemporary()) {
            if (!r.ok()) {
                ok = false;
                targetReported |= r.entry().cpu() == target;
                err.println("hotplugwq bench hotplug: " + r + "; it stays on record: run `hotplugwq restore`");
            }
        }
        if (!targetReported && tree.readCpuOnline(target) == CpuSysfs.OnlineFile.OFFLINE) {
            err.println("hotplugwq bench hotplug: cpu" + target + " is offline, but not by this command:"
                    + " left as it is");
        }
        err.flush();
        return ok;
    }

    private Map<String, Object> measure(CpuSysfs tree, OfflinedCpuRegistry registry, int target, SourceSpec s)
            throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", s.label());
        double targetUs = s.interval() == null ? UEVENT_TARGET_US : s.interval().toNanos() / 2e3 + 1000;
        r.put("targetP50Us", targetUs);
        try (HotplugBridge bridge = HotplugBridge.forTree(tree)) {
            HotplugEventSource source;
            if (s.interval() == null) {
                try {
                    source = UeventListener.open(tree, bridge, UeventListener.DEFAULT_RESYNC);
                } catch (UeventUnavailableException e) {
                    env.err().println("hotplugwq bench hotplug: uevent source unavailable: " + e.getMessage());
                    r.put("unavailable", e.getMessage());
                    return r;
                }
            } else {
                source = new SysfsPoller(tree, bridge, s.interval(), SysfsPoller.Mode.PER_CPU);
            }
            List<DetectionLatencyProbe.Sample> samples;
            try (HotplugEventSource src = source) {
                r.put("described", src.describe());
                src.start();
                bridge.flush();
                samples = new DetectionLatencyProbe(tree, bridge, registry).measure(target, count,
                        Duration.ofSeconds(5));
            }
            BenchStats all = BenchStats.ofNanos(samples.stream()
                    .mapToLong(DetectionLatencyProbe.Sample::detectionNanos).toArray());
            r.put("detect", all.toMap());
            for (boolean online : new boolean[] {false, true}) {
                String which = online ? "Online" : "Offline";
                r.put("detect" + which, BenchStats.ofNanos(samples.stream().filter(x -> x.online() == online)
                        .mapToLong(DetectionLatencyProbe.Sample::detectionNanos).toArray()).toMap());
                r.put("sighting" + which, BenchStats.ofNanos(samples.stream().filter(x -> x.online() == online)
                        .mapToLong(DetectionLatencyProbe.Sample::sightingNanos).toArray()).toMap());
                r.put("write" + which, BenchStats.ofNanos(samples.stream().filter(x -> x.online() == online)
                        .mapToLong(DetectionLatencyProbe.Sample::writeNanos).toArray()).toMap());
            }
            Map<String, Long> origins = new LinkedHashMap<>();
            samples.forEach(x -> origins.merge(x.origin().label(), 1L, Long::sum));
            r.put("origins", origins);
            r.put("met", all.p50Us <= targetUs);
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> report) {
        out.printf(Locale.ROOT, "cpu%s, %s toggles per source; detection = write returned -> first action delivered%n",
                report.get("cpu"), report.get("count"));
        out.printf(Locale.ROOT, "%-10s %12s %12s %12s %14s %14s %s%n", "source", "detect p50", "detect p99",
                "target p50", "offline write", "online write", "met");
        for (Map<String, Object> r : (List<Map<String, Object>>) report.get("sources")) {
            if (r.containsKey("unavailable")) {
                out.printf(Locale.ROOT, "%-10s unavailable: %s%n", r.get("source"), r.get("unavailable"));
                continue;
            }
            Map<String, Object> d = (Map<String, Object>) r.get("detect");
            Map<String, Object> wOff = (Map<String, Object>) r.get("writeOffline");
            Map<String, Object> wOn = (Map<String, Object>) r.get("writeOnline");
            out.printf(Locale.ROOT, "%-10s %9.1f us %9.1f us %9.0f us %11.2f ms %11.2f ms %s%n", r.get("source"),
                    (Double) d.get("p50Us"), (Double) d.get("p99Us"), (Double) r.get("targetP50Us"),
                    (Double) wOff.get("p50Us") / 1e3, (Double) wOn.get("p50Us") / 1e3,
                    Boolean.TRUE.equals(r.get("met")) ? "yes" : "NO");
        }
        out.flush();
    }
}
