package org.hotplugwq.cli;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugEvent;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.LinuxProbes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "monitor",
        description = {"Print every CPU hotplug action the bridge delivers, one line each, as it happens.",
            "Lines: <UTC time> <ACTION> cpu<N> <source> [+<µs from sighting to delivery>]; with --json, JSON lines."})
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Mixin
    EventSourceOptions events = new EventSourceOptions("1ms");

    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "uevent: the safety-net re-read of sysfs (default: ${DEFAULT-VALUE})")
    Duration resync;

    @Option(names = "--count", paramLabel = "N", description = "exit after N actions (default: until Ctrl-C)")
    Integer count;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws InterruptedException {
        if (count != null) {
            StressLimits.count("--count", count, 1, Integer.MAX_VALUE);
        }
        CpuSysfs tree = env.tree();
        CountDownLatch remaining = new CountDownLatch(count == null ? 1 : Math.max(count, 0));
        try (HotplugBridge bridge = HotplugBridge.forTree(tree)) {
            boolean ktap = json.ktap();
            int[] tests = {0};
            boolean[] refused = {false};
            if (ktap) {
                env.out().println("KTAP version 1");
                if (count != null) {
                    env.out().println("1.." + count); // without --count the number of tests is not known
                }
                env.out().println("# hotplugwq monitor: one test per hotplug action delivered; ok unless refused");
                env.out().flush();
            }
            bridge.addListener(e -> {
                if (remaining.getCount() > 0) {
                    if (ktap) {
                        synchronized (tests) {
                            refused[0] |= e.result() == NotifyResult.BAD;
                            env.out().println((e.result() == NotifyResult.BAD ? "not ok " : "ok ") + ++tests[0] + " "
                                    + e.action() + "_cpu" + e.cpu() + " # " + e.origin().label() + " +"
                                    + Reports.micros(e.deliveredNanos() - e.observedNanos()) + "us");
                            env.out().flush();
                        }
                    } else if (json.enabled()) {
                        JsonOutput.line(env.out(), toJson(e));
                    } else {
                        env.out().println(toText(e));
                        env.out().flush();
                    }
                    if (count != null) {
                        remaining.countDown();
                    }
                }
            });
            try (HotplugEventSource src = events.open(tree, bridge, resync,
                    notice -> env.err().println("hotplugwq: " + notice))) {
                src.start();
                LinuxProbes.Probe userns = LinuxProbes.initialUserNamespace();
                if (events.choice() == EventSourceKind.UEVENT && !userns.available()) {
                    env.err().println("hotplugwq monitor: warning: this process runs in " + userns.detail()
                            + "; the kernel sends CPU uevents only to network namespaces of the initial user"
                            + " namespace: if no action shows, use --source poll");
                }
                env.err().println("hotplugwq monitor: " + src.describe() + "; online " + bridge.knownOnline()
                        + (count == null ? "; Ctrl-C to stop" : "; stopping after " + count + " actions"));
                remaining.await();
            }
            if (ktap) {
                synchronized (tests) {
                    return refused[0] ? Ktap.FAIL : Ktap.PASS; // kselftest's codes: an action refused fails
                }
            }
        }
        return ExitCodes.OK;
    }

    private static String toText(HotplugEvent e) {
        String text = DateTimeFormatter.ISO_INSTANT.format(e.deliveredAt().truncatedTo(ChronoUnit.MICROS)) + " "
                + e.action() + " cpu" + e.cpu() + " " + e.origin().label()
                + " +" + Reports.micros(e.deliveredNanos() - e.observedNanos()) + "us";
        return e.result() == NotifyResult.BAD ? text + " (refused)" : text;
    }

    private static Map<String, Object> toJson(HotplugEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", DateTimeFormatter.ISO_INSTANT.format(e.deliveredAt().truncatedTo(ChronoUnit.MICROS)));
        m.put("action", e.action().name());
        m.put("cpu", e.cpu());
        m.put("source", e.origin().label());
        m.put("result", e.result().name());
        m.put("observedNs", e.observedNanos());
        m.put("deliveredNs", e.deliveredNanos());
        return m;
    }
}
