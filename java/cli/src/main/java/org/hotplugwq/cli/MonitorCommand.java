package org.hotplugwq.cli;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugEvent;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Print every CPU hotplug action the bridge delivers, one line each, as it happens.",
            "Lines: <UTC time> <ACTION> cpu<N> <source> [+<µs from sighting to delivery>]."})
final class MonitorCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Option(names = "--source", paramLabel = "poll|aggregate|uevent", defaultValue = "uevent",
            converter = SourceConverter.class,
            description = "poll: read every cpuN/online; aggregate: the online list, then changed CPUs; "
                    + "uevent: netlink (falls back to poll if unavailable). Default: ${DEFAULT-VALUE}")
    EventSourceKind source;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1ms", converter = DurationConverter.class,
            description = "poll interval (poll, aggregate, and the uevent fallback). Default: ${DEFAULT-VALUE}")
    Duration interval;

    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "uevent: the safety-net re-read of sysfs. Default: ${DEFAULT-VALUE}")
    Duration resync;

    @Option(names = "--count", paramLabel = "N", description = "exit after N actions (default: until Ctrl-C)")
    Integer count;

    @Option(names = "--json", description = "JSON lines instead of text")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws InterruptedException {
        CpuSysfs tree = env.tree();
        CountDownLatch remaining = new CountDownLatch(count == null ? 1 : Math.max(count, 0));
        try (HotplugBridge bridge = HotplugBridge.forTree(tree)) {
            bridge.addListener(e -> {
                if (remaining.getCount() > 0) {
                    env.out().println(json ? toJson(e) : toText(e));
                    env.out().flush();
                    if (count != null) {
                        remaining.countDown();
                    }
                }
            });
            try (HotplugEventSource src = source.open(tree, bridge, interval, resync,
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

    private String toJson(HotplugEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", DateTimeFormatter.ISO_INSTANT.format(e.deliveredAt().truncatedTo(ChronoUnit.MICROS)));
        m.put("action", e.action().name());
        m.put("cpu", e.cpu());
        m.put("source", e.origin().label());
        m.put("result", e.result().name());
        m.put("observed_ns", e.observedNanos());
        m.put("delivered_ns", e.deliveredNanos());
        try {
            return mapper.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The source names, in any case ({@link EventSourceKind#parse}). */
    static final class SourceConverter implements picocli.CommandLine.ITypeConverter<EventSourceKind> {
        @Override
        public EventSourceKind convert(String value) {
            try {
                return EventSourceKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
