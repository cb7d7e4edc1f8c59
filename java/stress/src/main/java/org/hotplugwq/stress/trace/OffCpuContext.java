package org.hotplugwq.stress.trace;

/**
 * What the kernel was doing to a pinned worker's CPU while the worker ran elsewhere; a time in several counts as the
 * first of this order.
 */
public enum OffCpuContext {
    /** An operation on the CPU failed and was rolled back (the kernel's steps, or our injected failure's span). */
    FAILED_OPERATION("failedOperation"),
    /** The kernel is taking the CPU down: from its first cpuhp step until {@code takedown_cpu} returned. */
    OFFLINE_IN_FLIGHT("offlineInFlight"),
    /** The CPU is dead (or coming up): from {@code takedown_cpu} until {@code sched_cpu_activate} returned. */
    CPU_OFFLINE("cpuOffline"),
    /** The CPU is online again but the systems' {@code CPU_ONLINE} (which re-pins) has not returned yet. */
    ONLINE_NOT_REPINNED("onlineNotRepinned"),
    /** Re-pinned, nothing in flight: a pinned worker has no business elsewhere (expected 0). */
    REPINNED_IDLE("repinnedIdle");

    private final String key;

    OffCpuContext(String key) {
        this.key = key;
    }

    /** The report.json key. */
    public String key() {
        return key;
    }
}
