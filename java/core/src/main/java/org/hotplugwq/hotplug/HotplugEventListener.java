package org.hotplugwq.hotplug;

/**
 * Told of every action the bridge delivered, after the notifier chain returned, on the bridge thread.
 * Keep it short: it delays the next action. The hook for monitors and for detection-latency measurement
 * (compare {@link HotplugEvent#deliveredNanos()} with the {@code nanoTime} at which your write returned).
 */
@FunctionalInterface
public interface HotplugEventListener {
    /**
     * One action delivered, on the bridge thread, after the notifiers.
     *
     * @param event what was delivered
     */
    void onDelivered(HotplugEvent event);
}
