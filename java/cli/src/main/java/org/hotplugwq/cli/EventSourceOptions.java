package org.hotplugwq.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --source} and {@code --interval}, the same in every command that watches the machine: which event
 * source, and how often a poller reads sysfs. {@code --interval} is always the poll interval (of {@code poll},
 * {@code aggregate}, and the poller {@code uevent} falls back to). {@code poll:5ms} is short for
 * {@code --source poll --interval 5ms}. The command gives its own default interval (the instance it builds is
 * the one picocli fills, and help shows its initial value). Names are {@link EventSourceKind}'s.
 */
final class EventSourceOptions {
    @Option(names = "--source", paramLabel = "SRC", defaultValue = "uevent", converter = SourceText.class,
            description = "event source: uevent (netlink; polls if unavailable), poll (every cpuN/online),"
                    + " aggregate (the online list, then changed CPUs); poll:INTERVAL is short for --source poll"
                    + " --interval INTERVAL (default: ${DEFAULT-VALUE})")
    String source;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationText.class,
            description = "poll interval: of poll, aggregate, and uevent's fallback poller, e.g. 500us, 1ms"
                    + " (a bare number is seconds) (default: ${DEFAULT-VALUE})")
    String interval;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** For picocli's factory; commands build it with their default interval. */
    EventSourceOptions() {
        this("1ms");
    }

    EventSourceOptions(String defaultInterval) {
        this.interval = defaultInterval;
    }

    /** {@code uevent}, {@code poll} or {@code aggregate}. */
    String name() {
        return choice().cliName();
    }

    /** The poll interval: from {@code poll:INTERVAL}, else {@code --interval}. */
    Duration interval() {
        int colon = source.indexOf(':');
        if (colon >= 0) {
            if (command != null && command.commandLine() != null && command.commandLine().getParseResult() != null
                    && command.commandLine().getParseResult().hasMatchedOption("--interval")) {
                throw new UserError("--source " + source + " and --interval both give the poll interval: give it"
                        + " once");
            }
            return new DurationConverter().convert(source.substring(colon + 1));
        }
        return new DurationConverter().convert(interval);
    }

    /** Opens the chosen source on {@code bridge} ({@code resync}: the uevent listener's safety-net re-read). */
    HotplugEventSource open(CpuSysfs tree, HotplugBridge bridge, Duration resync, Consumer<String> notice) {
        return choice().open(tree, bridge, interval(), resync, notice);
    }

    /** The chosen kind. */
    EventSourceKind choice() {
        int colon = source.indexOf(':');
        return EventSourceKind.parse(colon < 0 ? source : source.substring(0, colon));
    }

    /** Validates {@code --source} when it is parsed; the value stays text so that help shows it as typed. */
    static final class SourceText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            int colon = v.indexOf(':');
            String kind = colon < 0 ? v : v.substring(0, colon);
            boolean known = true;
            try {
                EventSourceKind.parse(kind);
            } catch (IllegalArgumentException e) {
                known = false;
            }
            if (!known || (colon >= 0 && kind.equals(EventSourceKind.UEVENT.cliName()))) {
                throw new TypeConversionException("'" + value + "': expected uevent, poll, aggregate, poll:INTERVAL"
                        + " or aggregate:INTERVAL");
            }
            if (colon >= 0) {
                new DurationConverter().convert(v.substring(colon + 1));
            }
            return v;
        }
    }

    /** Validates {@code --interval} when it is parsed. */
    static final class DurationText implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            new DurationConverter().convert(value);
            return value.strip();
        }
    }
}
