package org.hotplugwq.hotplug;

import java.time.Instant;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;

/**
 * One action delivered by the {@link HotplugBridge} to its notifier chain, as reported to
 * {@link HotplugEventListener}s (monitor output, detection-latency measurement).
 *
 * @param observedNanos {@link System#nanoTime()} when the source saw the change (poll: when the read that
 *     saw it started; uevent: when the read of the CPU's file on its message started; controller: when the write
 *     returned, or when the prepare was sent)
 * @param deliveredNanos {@link System#nanoTime()} just before the bridge called the first notifier
 * @param result the chain's answer (only a prepare action can be {@link NotifyResult#BAD})
 */
public record HotplugEvent(CpuAction action, int cpu, EventOrigin origin, long observedNanos,
                           long deliveredNanos, Instant deliveredAt, NotifyResult result) {
}
