package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import org.hotplugwq.linux.CpuSysfs;

/**
 * Which event source watches the machine: the one vocabulary of {@code --source} for every command and the
 * stress engine (README, Hotplug events).
 */
public enum EventSourceKind {
    /** A sysfs poller reading every {@code cpuN/online} each tick. */
    POLL("poll"),
    /** A sysfs poller reading the {@code online} list each tick, then only the CPUs that changed. */
    AGGREGATE("aggregate"),
    /** Netlink uevents with a slow re-read as a safety net; polls where the socket cannot be opened. */
    UEVENT("uevent");

    private final String cliName;

    EventSourceKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name users type: {@code poll}, {@code aggregate}, {@code uevent}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The kind named {@code text} (any case, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static EventSourceKind parse(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        for (EventSourceKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + text + "': expected poll, aggregate or uevent");
    }

    /**
     * A new, not yet started source of this kind delivering to {@code bridge}.
     *
     * @param pollInterval the poll tick (also of the uevent fallback)
     * @param resync the uevent safety-net re-read of sysfs
     * @param notice told in one line when uevents are unavailable and polling is used instead
     */
    public HotplugEventSource open(CpuSysfs sysfs, HotplugBridge bridge, Duration pollInterval, Duration resync,
                                   Consumer<String> notice) {
        return switch (this) {
            case POLL -> new SysfsPoller(sysfs, bridge, pollInterval, SysfsPoller.Mode.PER_CPU);
            case AGGREGATE -> new SysfsPoller(sysfs, bridge, pollInterval, SysfsPoller.Mode.AGGREGATE);
            case UEVENT -> UeventListener.openOrFallBackToPolling(sysfs, bridge, resync, pollInterval, notice);
        };
    }
}
