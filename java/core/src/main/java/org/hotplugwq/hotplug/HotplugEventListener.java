package org.hotplugwq.hotplug;

/**
 * Told of every action the bridge delivered, after the notifier chain returned, on the bridge thread.
 * Keep it short: it delays the next action. The hook for monitors and for detection-latency measurement
 * (compare {@link HotplugEvent#deliveredNanos()} with the {@code nanoTime} at which your write returned).
 */
@FunctionalInterface
public interface HotplugEventListener {
    void onDelivered(HotplugEvent event);
}
