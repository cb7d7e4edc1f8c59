package org.hotplugwq.cli;

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
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "latency",
        description = {"Measure hotplug detection latency of an event source.",
            "Toggles a CPU by writing sysfs directly and times write returned -> first action delivered",
            "(CPU_DEAD / CPU_UP_PREPARE). The CPU is online again afterwards."})
final class LatencyCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Mixin
    EventSourceOptions events = new EventSourceOptions("1ms");

    @Mixin
    CpuOption cpu = new CpuOption("1");

    @Option(names = "--toggles", paramLabel = "N", defaultValue = "50",
            description = "offline+online pairs (default: ${DEFAULT-VALUE})")
    int toggles;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
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
                        "%-8s n=%-4d detect p50 %8.1f us  p99 %8.1f us  min %8.1f  max %8.1f"
                                + "  (sighting p50 %.1f p99 %.1f us; write p50 %.1f ms)%n",
                        which, d.count(), d.p50() / 1e3, d.p99() / 1e3, d.min() / 1e3, d.max() / 1e3,
                        seen.p50() / 1e3, seen.p99() / 1e3, w.p50() / 1e6);
            }
        }
        if (json.enabled()) {
            JsonOutput.print(env.out(), out);
        } else {
            env.out().println("source: " + described + "; cpu" + target + "; write returned -> action delivered");
        }
    }

    private static DetectionLatencyProbe.Summary summary(List<DetectionLatencyProbe.Sample> samples,
            Predicate<DetectionLatencyProbe.Sample> chosen, ToLongFunction<DetectionLatencyProbe.Sample> value) {
        return DetectionLatencyProbe.Summary.of(samples.stream().filter(chosen).mapToLong(value).toArray());
    }
}
