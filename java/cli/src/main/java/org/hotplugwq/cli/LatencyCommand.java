package org.hotplugwq.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.DetectionLatencyProbe;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.TraceEventSource;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "latency",
        description = {"Measure hotplug detection latency of an event source.",
            "Toggles a CPU by writing sysfs directly and times write returned -> first action delivered",
            "(CPU_DEAD / CPU_UP_PREPARE; CPU_DOWN_PREPARE with --source trace). With --source trace also",
            "the kernel's own step -> delivered (sched_cpu_deactivate / sched_cpu_activate). The CPU is online",
            "again afterwards."})
final class LatencyCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Mixin
    EventSourceOptions events = new EventSourceOptions("1ms");

    @Mixin
    CpuOption cpu = new CpuOption("1");

    static final int MAX_TOGGLES = 10_000;

    @Option(names = "--toggles", paramLabel = "N", defaultValue = "50",
            description = "offline+online pairs, 1.." + MAX_TOGGLES + " (default: ${DEFAULT-VALUE})")
    int toggles;

    @Mixin
    JsonOutput json;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the results as JSON to FILE")
    Path outFile;

    /** The target of --source trace: an offline delivered within 0.5 ms of the kernel's sched_cpu_deactivate. */
    static final double TRACE_TARGET_P50_US = 500;

    @Override
    public Integer call() throws Exception {
        StressLimits.count("--toggles", toggles, 1, MAX_TOGGLES);
        CpuSysfs tree = env.tree();
        OfflinedCpuRegistry registry = env.registry();
        try (HotplugBridge bridge = HotplugBridge.forTree(tree)) {
            int target = cpu.resolve(tree);
            new HotplugController(tree, bridge, registry).check(CpuSet.of(target), false, true);
            MachineRestorer restorer = new MachineRestorer(tree, registry);
            List<DetectionLatencyProbe.Sample> samples;
            String described;
            try (HotplugEventSource src = events.open(tree, bridge, Duration.ofSeconds(1),
                    notice -> env.err().println("hotplugwq: " + notice))) {
                described = src.describe();
                src.start();
                if (src instanceof TraceEventSource t && t.realtimeCause() != null) {
                    env.err().println("hotplugwq: trace reader at normal priority (" + t.realtimeCause()
                            + "): expect ~10 ms more under load");
                }
                bridge.flush();
                samples = new DetectionLatencyProbe(tree, bridge, registry).measure(target, toggles,
                        Duration.ofSeconds(5));
            } finally {
                // what this process offlined (the probe's writes are guarded: at exit the hook does this)
                restorer.restoreOwnTemporary().stream().filter(r -> !r.ok())
                        .forEach(r -> env.err().println("hotplugwq latency: " + r + "; run `hotplugwq restore`"));
            }
            print(described, target, samples);
        }
        return ExitCodes.OK;
    }

    private void print(String described, int target, List<DetectionLatencyProbe.Sample> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", described);
        out.put("cpu", target);
        out.put("toggles", toggles);
        for (String which : new String[] {"offline", "online", "all"}) {
            Predicate<DetectionLatencyProbe.Sample> chosen = s -> which.equals("all")
                    || s.online() == which.equals("online");
            DetectionLatencyProbe.Summary d = summary(samples, chosen, DetectionLatencyProbe.Sample::detectionNanos);
            DetectionLatencyProbe.Summary seen = summary(samples, chosen, DetectionLatencyProbe.Sample::sightingNanos);
            DetectionLatencyProbe.Summary w = summary(samples, chosen, DetectionLatencyProbe.Sample::writeNanos);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", d.count());
            m.put("detectP50Us", d.p50() / 1000.0);
            m.put("detectP99Us", d.p99() / 1000.0);
            m.put("detectMinUs", d.min() / 1000.0);
            m.put("detectMaxUs", d.max() / 1000.0);
            m.put("sightingP50Us", seen.p50() / 1000.0);
            m.put("sightingP99Us", seen.p99() / 1000.0);
            m.put("writeP50Us", w.p50() / 1000.0);
            out.put(which, m);
            if (!json.enabled()) {
                env.out().printf(Locale.ROOT,
                        "%-8s n=%-4d detect p50 %8.1f us  p99 %8.1f us  min %8.1f us  max %8.1f us"
                                + "  (sighting p50 %.1f us, p99 %.1f us; write p50 %.1f ms)%n",
                        which, d.count(), d.p50() / 1e3, d.p99() / 1e3, d.min() / 1e3, d.max() / 1e3,
                        seen.p50() / 1e3, seen.p99() / 1e3, w.p50() / 1e6);
            }
        }
        kernelStep(samples, out);
        if (json.enabled()) {
            JsonOutput.print(env.out(), out);
        } else {
            env.out().println("source: " + described + "; cpu" + target + "; write returned -> action delivered");
        }
        if (outFile != null) {
            try {
                JsonOutput.write(outFile, out);
            } catch (java.io.IOException e) {
                throw new CommandFailed("cannot write " + outFile + ": " + e.getMessage());
            }
        }
    }

    /**
     * For a kernel-timed source: the kernel's step → delivered, per direction, and the offline target (the
     * {@code scripts/bench} row "offline detection by --source trace").
     */
    private void kernelStep(List<DetectionLatencyProbe.Sample> samples, Map<String, Object> out) {
        if (samples.stream().noneMatch(DetectionLatencyProbe.Sample::kernelTimed)) {
            return;
        }
        Map<String, Object> k = new LinkedHashMap<>();
        for (boolean online : new boolean[] {false, true}) {
            long[] v = samples.stream().filter(s -> s.kernelTimed() && s.online() == online)
                    .mapToLong(DetectionLatencyProbe.Sample::afterKernelStepNanos).toArray();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", online ? "sched_cpu_activate returned" : "sched_cpu_deactivate entered");
            m.put("n", v.length);
            m.put("p50Us", DetectionLatencyProbe.Summary.percentileOf(v, 50) / 1000.0);
            m.put("p90Us", DetectionLatencyProbe.Summary.percentileOf(v, 90) / 1000.0);
            m.put("maxUs", DetectionLatencyProbe.Summary.percentileOf(v, 100) / 1000.0);
            k.put(online ? "online" : "offline", m);
            if (!json.enabled()) {
                env.out().printf(Locale.ROOT, "%-8s n=%-4d after the kernel's %s: p50 %8.1f us  p90 %8.1f us"
                        + "  max %8.1f us%n", online ? "online" : "offline", v.length, m.get("step"),
                        (Double) m.get("p50Us"), (Double) m.get("p90Us"), (Double) m.get("maxUs"));
            }
        }
        @SuppressWarnings("unchecked")
        double p50 = (Double) ((Map<String, Object>) k.get("offline")).get("p50Us");
        k.put("targetOfflineP50Us", TRACE_TARGET_P50_US);
        k.put("met", p50 <= TRACE_TARGET_P50_US);
        out.put("afterKernelStep", k);
        if (!json.enabled()) { // the scripts/bench row
            @SuppressWarnings("unchecked")
            Map<String, Object> off = (Map<String, Object>) k.get("offline");
            env.out().printf(Locale.ROOT, "offline detection by --source trace: p50 %.2f ms, p90 %.2f ms, max %.2f ms"
                    + " after sched_cpu_deactivate (n=%s); target p50 <= %.1f ms: %s%n", p50 / 1e3,
                    (Double) off.get("p90Us") / 1e3, (Double) off.get("maxUs") / 1e3, off.get("n"),
                    TRACE_TARGET_P50_US / 1e3, p50 <= TRACE_TARGET_P50_US ? "met" : "MISSED");
        }
    }

    private static DetectionLatencyProbe.Summary summary(List<DetectionLatencyProbe.Sample> samples,
            Predicate<DetectionLatencyProbe.Sample> chosen, ToLongFunction<DetectionLatencyProbe.Sample> value) {
        return DetectionLatencyProbe.Summary.of(samples.stream().filter(chosen).mapToLong(value).toArray());
    }
}
