package org.hotplugwq.workqueue;

/**
 * What a {@link HotplugPolicy} does: the behaviour behind the label, one class per policy, one instance per
 * {@link WorkqueueSystem} (so a policy may keep state, as takeover keeps {@code migrate_sequence}).
 *
 * <p>{@link CpuHotplugCallback} calls it for each multi-threaded workqueue's queue of the CPU that changes, with
 * the hotplug lock {@code [H]} held; the methods marked "under the mutex" also hold {@code workqueue_mutex}
 * {@code [M]} and must not wait. The defaults are the seed's.
 */
interface HotplugStrategy {

    /**
     * {@code CPU_UP_PREPARE}, under the mutex: give the queue a thread, still unbound (Linux pins only to an
     * online CPU). A thread still there — draining, or unbound under rebind — is kept and its {@code should_stop}
     * cleared. A new thread is only started: the callback waits for all of the CPU's threads at once after every
     * queue's {@code upPrepare} (one Java thread start is ~0.1-1 ms: in a row they would add up per workqueue).
     *
     * @return null, or why no thread could be made (the callback then answers {@code NOTIFY_BAD})
     */
    default RuntimeException upPrepare(CpuWorkqueue cwq) {
        return cwq.startWorker(WorkerState.EMBRYONIC, false, false);
    }

    /**
     * {@code CPU_ONLINE}, under the mutex: pin the queue's thread to its CPU, or start one pinned if the workqueue
     * was created without seeing {@code CPU_UP_PREPARE}.
     */
    default void online(CpuWorkqueue cwq) {
        cwq.bindOrStartWorker();
    }

    /**
     * {@code CPU_DEAD} and {@code CPU_UP_CANCELED}, under the mutex: what the policy does to the CPU's queue at
     * once (in O(1) for every policy but its own waits).
     *
     * @return true if {@link #afterCpuGone} must run for this queue once the mutex is released
     */
    boolean cpuGone(CpuWorkqueue cwq);

    /** After {@link #cpuGone} returned true, with the mutex released (S1): whatever the callback waits for. */
    default void afterCpuGone(CpuWorkqueue cwq) {
    }

    /**
     * A number that changes whenever work may have moved from one queue to another behind a flush:
     * {@code flush_workqueue()} repeats its pass over the queues until it reads the same before and after.
     * Constant for a policy that never moves work.
     */
    default long flushSequence() {
        return 0;
    }
}
