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
import org.hotplugwq.linux.CpuSysfs;
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
        CpuSysfs tree = env.tree();
        CountDownLatch remaining = new CountDownLatch(count == null ? 1 : Math.max(count, 0));
        try (HotplugBridge bridge = HotplugBridge.forTree(tree)) {
            bridge.addListener(e -> {
                if (remaining.getCount() > 0) {
                    if (json.enabled()) {
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
                env.err().println("hotplugwq monitor: " + src.describe() + "; online " + bridge.knownOnline()
                        + (count == null ? "; Ctrl-C to stop" : "; stopping after " + count + " actions"));
                remaining.await();
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
