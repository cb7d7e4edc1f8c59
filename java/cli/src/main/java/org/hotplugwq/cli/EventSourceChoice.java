package org.hotplugwq.cli;

import java.time.Duration;
import java.util.function.Consumer;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.SysfsPoller;
import org.hotplugwq.hotplug.UeventListener;
import org.hotplugwq.linux.CpuSysfs;

/** {@code --source}: which event source watches the machine. */
enum EventSourceChoice {
    POLL, AGGREGATE, UEVENT;

    HotplugEventSource open(CpuSysfs tree, HotplugBridge bridge, Duration pollInterval, Duration resync,
            Consumer<String> notice) {
        switch (this) {
            case POLL:
                return new SysfsPoller(tree, bridge, pollInterval, SysfsPoller.Mode.PER_CPU);
            case AGGREGATE:
                return new SysfsPoller(tree, bridge, pollInterval, SysfsPoller.Mode.AGGREGATE);
            default:
                return UeventListener.openOrFallBackToPolling(tree, bridge, resync, pollInterval,
                        notice);
        }
    }
}
