package org.hotplugwq.workqueue;

/** Why a worker was (or was not) pinned to its queue's CPU when it started a work. */
public enum WorkerState {
    /** Pinned to its CPU, as it should be while the CPU is online. */
    BOUND,
    /** Created or reused at {@code CPU_UP_PREPARE}; runs unbound until {@code CPU_ONLINE} pins it. */
    EMBRYONIC,
    /**
     * {@code should_stop} is set (after {@code CPU_DEAD} / {@code CPU_UP_CANCELED}): draining unbound, then
     * exiting.
     */
    DRAINING,
    /**
     * {@link HotplugPolicy#REBIND}: its CPU is down, it runs unbound until re-pinned; also a worker whose bind
     * failed.
     */
    UNBOUND,
    /** The one worker of a single-threaded workqueue: never pinned, by design. */
    SINGLE_THREAD,
    /** Not the worker's state but the work's: {@link HotplugPolicy#TAKEOVER} moved it from a dead CPU's queue. */
    MOVED_BY_TAKEOVER
}
