package org.hotplugwq.workqueue;

/**
 * What the workqueue does with a CPU's worker threads when the CPU goes down and comes back: the four
 * moments of the kernel's history (DESIGN §5), runnable side by side on the same core.
 */
public enum HotplugPolicy {
    /**
     * Before the 2007 patch: {@code CPU_DEAD} stops the worker (after its current work) and moves its
     * pending work to the queue of the CPU running the callback ({@code take_over_work}); flushes retry
     * while {@code migrate_sequence} changes.
     */
    TAKEOVER("takeover"),
    /**
     * The seed RFC: {@code CPU_DEAD} sets {@code should_stop}, wakes the worker and returns at once; the
     * worker runs unbound until its queue is empty, then exits. {@code CPU_UP_PREPARE} reuses a worker still
     * draining.
     */
    DRAIN("drain"),
    /** As merged in 2.6.22: like {@link #DRAIN}, but the callback waits until the worker has drained and exited. */
    DRAIN_SYNC("drain-sync"),
    /**
     * Today's concurrency-managed workqueues: workers never exit on hotplug; they run unbound while their
     * CPU is down and are re-pinned at {@code CPU_ONLINE}.
     */
    REBIND("rebind");

    private final String cliName;

    HotplugPolicy(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    public static HotplugPolicy fromCliName(String name) {
        for (HotplugPolicy p : values()) {
            if (p.cliName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + name + "' (takeover, drain, drain-sync, rebind)");
    }
}
