/**
 * CPU hotplug for the workqueue: where {@code CPU_*} notifier actions come from.
 *
 * <ul>
 *   <li>{@link org.hotplugwq.hotplug.HotplugBridge}: the known online mask, the notifier chain (priorities,
 *       BAD → rollback to the notifiers already called), one bridge thread delivering each transition once.</li>
 *   <li>Event sources ({@link org.hotplugwq.hotplug.HotplugEventSource}): {@link org.hotplugwq.hotplug.SysfsPoller}
 *       (per-CPU or aggregate) and {@link org.hotplugwq.hotplug.UeventListener} (netlink, with a periodic
 *       re-read; falls back to polling when the socket cannot be opened).</li>
 *   <li>{@link org.hotplugwq.hotplug.HotplugController}: our own offline/online with the prepare actions before
 *       the write and the rollback when the kernel or a notifier refuses; real fault injection through
 *       {@code cpuN/hotplug/fail}; {@link org.hotplugwq.hotplug.CpuHotplugLock} ({@code cpus_read_lock} and
 *       {@code cpus_write_lock}).
 *       Only hotplug done by this process can be held back by the lock: a CPU taken offline from another
 *       shell is already gone when any source sees it, and {@code CPU_DEAD} is delivered regardless.</li>
 *   <li>Leaving the machine as found: {@link org.hotplugwq.hotplug.GuardedHotplugWriter} (every write of
 *       {@code cpuN/online}: exit-guard section, state-file record, write, forget on failure),
 *       {@link org.hotplugwq.hotplug.ExitGuard}, {@link org.hotplugwq.hotplug.OfflinedCpuRegistry} (state file)
 *       and {@link org.hotplugwq.hotplug.MachineRestorer}.</li>
 *   <li>{@link org.hotplugwq.hotplug.DetectionLatencyProbe} and {@link org.hotplugwq.hotplug.HotplugEventListener}:
 *       detection latency (write returned → action delivered) per source.</li>
 * </ul>
 * Every file and system call (sysfs, netlink) goes through {@code org.hotplugwq.linux}. All state lives in
 * instances; nothing here is static and mutable.
 */
package org.hotplugwq.hotplug;
