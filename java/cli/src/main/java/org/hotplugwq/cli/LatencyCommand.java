package org.hotplugwq.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.DetectionLatencyProbe;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "latency", mixinStandardHelpOptions = true,
        description = {"Measure hotplug detection latency of an event source.",
            "Toggles a CPU by writing sysfs directly and times write returned -> first action delivered",
            "(CPU_DEAD / CPU_UP_PREPARE). The CPU is online again afterwards."})
final class LatencyCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Option(names = "--source", paramLabel = "poll|aggregate|uevent", defaultValue = "uevent",
            converter = MonitorCommand.SourceConverter.class, description = "Default: ${DEFAULT-VALUE}")
    EventSourceKind source;

    @Option(names = "--cpu", defaultValue = "1", description = "CPU to toggle. Default: ${DEFAULT-VALUE}")
    String cpu;

    @Option(names = "--toggles", defaultValue = "50", description = "offline+online pairs. Default: ${DEFAULT-VALUE}")
    int toggles;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1ms", converter = DurationConverter.class,
            description = "poll interval. Default: ${DEFAULT-VALUE}")
    Duration interval;

    @Option(names = "--json", description = "one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CpuSysfs tree = env.tree();
        OfflinedCpuRegistry registry = env.registry();
        int target;
        try (HotplugBridge bridge = HotplugBridge.forTree(tree)) {
            try {
                target = HotplugController.parseCpuId(cpu);
                new HotplugController(tree, bridge, registry).check(CpuSet.of(target), false, true);
            } catch (HotplugRefusedException e) {
                env.err().println("hotplugwq latency: " + e.getMessage());
                return ExitCodes.REFUSED;
            }
            MachineRestorer restorer = new MachineRestorer(tree, registry);
            List<DetectionLatencyProbe.Sample> samples;
            String described;
            try (HotplugEventSource src = source.open(tree, bridge, interval, Duration.ofSeconds(1),
                    notice -> env.err().println("hotplugwq: " + notice))) {
                described = src.describe();
                src.start();
                bridge.flush();
                samples = new DetectionLatencyProbe(tree, bridge, registry).measure(target, toggles, Duration.ofSeconds(5));
            } finally {
                // what this process offlined (the probe's writes are guarded: at exit the hook does this)
                restorer.restoreOwnTemporary().stream().filter(r -> !r.ok())
                        .forEach(r -> env.err().println("hotplugwq latency: " + r + "; run `hotplugwq restore`"));
            }
            print(described, target, samples);
        }
        return ExitCodes.OK;
    }

    private void print(String described, int target, List<DetectionLatencyProbe.Sample> samples) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", described);
        out.put("cpu", target);
        out.put("toggles", toggles);
        for (String which : new String[] {"offline", "online", "all"}) {
            long[] detection = samples.stream().filter(s -> which.equals("all") || s.online() == which.equals("online"))
                    .mapToLong(DetectionLatencyProbe.Sample::detectionNanos).toArray();
            long[] writes = samples.stream().filter(s -> which.equals("all") || s.online() == which.equals("online"))
                    .mapToLong(DetectionLatencyProbe.Sample::writeNanos).toArray();
            long[] sighting = samples.stream().filter(s -> which.equals("all") || s.online() == which.equals("online"))
                    .mapToLong(DetectionLatencyProbe.Sample::sightingNanos).toArray();
            DetectionLatencyProbe.Summary d = DetectionLatencyProbe.Summary.of(detection);
            DetectionLatencyProbe.Summary seen = DetectionLatencyProbe.Summary.of(sighting);
            DetectionLatencyProbe.Summary w = DetectionLatencyProbe.Summary.of(writes);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", d.count());
            m.put("detect_p50_us", d.p50() / 1000.0);
            m.put("detect_p99_us", d.p99() / 1000.0);
            m.put("detect_min_us", d.min() / 1000.0);
            m.put("detect_max_us", d.max() / 1000.0);
            m.put("sighting_p50_us", seen.p50() / 1000.0);
            m.put("sighting_p99_us", seen.p99() / 1000.0);
            m.put("write_p50_us", w.p50() / 1000.0);
            out.put(which, m);
            if (!json) {
                env.out().printf(java.util.Locale.ROOT,
                        "%-8s n=%-4d detect p50 %8.1f us  p99 %8.1f us  min %8.1f  max %8.1f"
                                + "  (sighting p50 %.1f p99 %.1f us; write p50 %.1f ms)%n",
                        which, d.count(), d.p50() / 1e3, d.p99() / 1e3, d.min() / 1e3, d.max() / 1e3,
                        seen.p50() / 1e3, seen.p99() / 1e3, w.p50() / 1e6);
            }
        }
        if (json) {
            env.out().println(new ObjectMapper().writeValueAsString(out));
        } else {
            env.out().println("source: " + described + "; cpu" + target + "; write returned -> action delivered");
        }
    }
}
