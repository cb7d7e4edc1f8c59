package org.hotplugwq.cpu;

/**
 * A CPU hotplug callback ({@code struct notifier_block} registered with {@code hotcpu_notifier}).
 * Called on one bridge thread, one action at a time, in order.
 */
@FunctionalInterface
public interface CpuNotifier {
    NotifyResult onCpuAction(CpuAction action, int cpu);
}
