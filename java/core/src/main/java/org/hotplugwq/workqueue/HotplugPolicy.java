package org.hotplugwq.workqueue;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the workqueue does with a CPU's worker threads when the CPU goes down and comes back: the four
 * moments of the kernel's history (README, "The four hotplug policies"), runnable side by side on the same core.
 *
 * <p>This enum is the one list of policies; each names the {@link HotplugStrategy} class that is its behaviour.
 * A fifth policy is one new strategy class and one constant here.
 */
public enum HotplugPolicy {
    /**
     * Before the 2007 patch: {@code CPU_DEAD} stops the worker (after its current work) and moves its
     * pending work to the queue of the CPU running the callback ({@code take_over_work}); flushes retry
     * while {@code migrate_sequence} changes.
     */
    TAKEOVER("takeover", TakeoverStrategy::new),
    /**
     * The seed RFC: {@code CPU_DEAD} sets {@code should_stop}, wakes the worker and returns at once; the
     * worker runs unbound until its queue is empty, then exits. {@code CPU_UP_PREPARE} reuses a worker still
     * draining.
     */
    DRAIN("drain", system -> new DrainStrategy()),
    /** As merged in 2.6.22: like {@link #DRAIN}, but the callback waits until the worker has drained and exited. */
    DRAIN_SYNC("drain-sync", system -> new DrainSyncStrategy()),
    /**
     * Today's concurrency-managed workqueues: workers never exit on hotplug; they run unbound while their
     * CPU is down and are re-pinned at {@code CPU_ONLINE}.
     */
    REBIND("rebind", system -> new RebindStrategy());

    private final String cliName;
    private final Function<WorkqueueSystem, HotplugStrategy> strategy;

    HotplugPolicy(String cliName, Function<WorkqueueSystem, HotplugStrategy> strategy) {
        this.cliName = cliName;
        this.strategy = strategy;
    }

    /** The name used on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    /**
     * The policy named {@code name}: its {@link #cliName()} or its constant name, in any case.
     *
     * @throws IllegalArgumentException if no policy has that name (the message lists them)
     */
    public static HotplugPolicy fromCliName(String name) {
        for (HotplugPolicy p : values()) {
            if (p.cliName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + name + "' ("
                + Arrays.stream(values()).map(HotplugPolicy::cliName).collect(Collectors.joining(", ")) + ")");
    }

    /** A new instance of this policy's behaviour, for one system (a strategy may keep state). */
    HotplugStrategy newStrategy(WorkqueueSystem system) {
        return strategy.apply(system);
    }
}
