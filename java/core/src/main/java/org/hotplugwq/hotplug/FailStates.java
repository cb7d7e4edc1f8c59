package org.hotplugwq.hotplug;

import java.util.List;
import org.hotplugwq.linux.HotplugState;

/**
 * The hotplug states whose injected failure ({@code cpuN/hotplug/fail}) makes a transition fail on this
 * kernel, found by trying each one ({@link HotplugController#probeFailStates}).
 */
public record FailStates(int cpu, List<HotplugState> failOnline, List<HotplugState> failOffline) {
    public FailStates {
        failOnline = List.copyOf(failOnline);
        failOffline = List.copyOf(failOffline);
    }
}
