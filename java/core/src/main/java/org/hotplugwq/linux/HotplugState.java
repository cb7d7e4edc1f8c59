package org.hotplugwq.linux;

/** One line of {@code /sys/devices/system/cpu/hotplug/states}: {@code " 36: workqueue:prepare"}. */
public record HotplugState(int number, String name) {
    @Override
    public String toString() {
        return number + ":" + name;
    }
}
