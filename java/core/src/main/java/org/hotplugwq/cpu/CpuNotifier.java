package org.hotplugwq.cpu;

/**
 * A CPU hotplug callback ({@code struct notifier_block} registered with {@code hotcpu_notifier}).
 * Called on one bridge thread, one action at a time, in order.
 */
@FunctionalInterface
public interface CpuNotifier {
    NotifyResult onCpuAction(CpuAction action, int cpu);

    /**
     * The CPUs this notifier takes to be online, or null (the default) if it keeps no such view. A notifier that
     * answers is brought to the chain's view when it registers: it gets the {@code CPU_UP_PREPARE} +
     * {@code CPU_ONLINE} or {@code CPU_DEAD} of every CPU on which the two differ, before any later action.
     */
    default CpuSet onlineView() {
        return null;
    }
}
