package org.hotplugwq.stress;

import java.util.function.BiFunction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.stress.load.WorkQueuer;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.WorkqueueSystem;

/**
 * Where a test plugs a deliberately broken policy in: what the hotplug actions of a policy's system go
 * through, and what its load queues through. {@link #NONE} is the real thing.
 */
public record StressHooks(BiFunction<HotplugPolicy, WorkqueueSystem, CpuNotifier> notifier,
                          BiFunction<HotplugPolicy, WorkQueuer, WorkQueuer> queuer) {

    public static final StressHooks NONE = new StressHooks((p, system) -> system, (p, q) -> q);
}
