package org.hotplugwq.cli;

import java.time.Duration;
import java.util.function.Consumer;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.SysfsCpuTree;
import org.hotplugwq.hotplug.SysfsPoller;
import org.hotplugwq.hotplug.UeventListener;

/** {@code --source}: which event source watches the machine. */
enum EventSourceChoice {
    POLL, AGGREGATE, UEVENT;

    HotplugEventSource open(SysfsCpuTree tree, HotplugBridge bridge, Duration pollInterval, Duration resync,
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
