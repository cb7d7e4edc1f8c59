package org.hotplugwq.workqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code workqueue_cpu_callback()}: what one {@link WorkqueueSystem} does on each of the six CPU actions. The
 * masks change first, then each multi-threaded workqueue's queue of the CPU is handed to the policy's
 * {@link HotplugStrategy}, under {@code workqueue_mutex}; what must wait (a drain, a stop) waits after the mutex
 * is released, so work functions may take it (S1).
 */
final class CpuHotplugCallback {
    private static final Logger LOG = LoggerFactory.getLogger(CpuHotplugCallback.class);

    private final WorkqueueSystem system;
    private final HotplugStrategy strategy;
    /** [H]: callbacks are serialised, as the kernel's cpu_hotplug lock serialises the notifier chain. */
    private final ReentrantLock hotplugLock = new ReentrantLock();

    CpuHotplugCallback(WorkqueueSystem system, HotplugStrategy strategy) {
        this.system = system;
        this.strategy = strategy;
    }

    /** Answers {@code BAD} to a {@code CPU_UP_PREPARE} that cannot give every workqueue a thread. */
    NotifyResult onCpuAction(CpuAction action, int cpu) {
        Objects.requireNonNull(action, "action");
        if (!system.possibleCpus().contains(cpu)) {
            throw new IllegalArgumentException("cpu" + cpu + " is not possible (" + system.possibleCpus() + ")");
        }
        hotplugLock.lock();
        try {
            NotifyResult result = NotifyResult.OK;
            List<CpuWorkqueue> waitFor = new ArrayList<>();
            system.workqueueMutex.lock();
            try {
                system.cpuChanging(action, cpu);
                for (Workqueue wq : system.workqueues) {
                    result = notify(action, wq.cpuQueue(cpu), waitFor);
                    if (result != NotifyResult.OK) {
                        break;
                    }
                }
                if (action == CpuAction.CPU_UP_PREPARE) { // upPrepare only started them: wait for all at once
                    for (Workqueue wq : system.workqueues) {
                        wq.cpuQueue(cpu).awaitWorkerStarted();
                    }
                }
                if (result == NotifyResult.BAD) {
                    // The 2.6.20 chain sent CPU_UP_CANCELED to every notifier, the refuser included; later
                    // kernels (and HotplugBridge) skip the refuser. Undo our own prepare so no thread is left
                    // embryonic; a CPU_UP_CANCELED arriving anyway finds nothing more to do.
                    system.cpuChanging(CpuAction.CPU_UP_CANCELED, cpu);
                    for (Workqueue wq : system.workqueues) {
                        notify(CpuAction.CPU_UP_CANCELED, wq.cpuQueue(cpu), waitFor);
                    }
                }
            } finally {
                system.workqueueMutex.unlock();
            }
            for (CpuWorkqueue cwq : waitFor) { // outside the mutex: work functions may take it (S1)
                strategy.afterCpuGone(cwq);
            }
            return result;
        } finally {
            hotplugLock.unlock();
        }
    }

    /** One workqueue's queue of the CPU; under the mutex. */
    private NotifyResult notify(CpuAction action, CpuWorkqueue cwq, List<CpuWorkqueue> waitFor) {
        switch (action) {
            case CPU_UP_PREPARE:
                RuntimeException failure = strategy.upPrepare(cwq);
                if (failure != null) {
                    LOG.error("workqueue for {} failed: {}", cwq.cpu, failure.toString());
                    return NotifyResult.BAD;
                }
                break;
            case CPU_ONLINE:
                strategy.online(cwq);
                break;
            case CPU_UP_CANCELED:
            case CPU_DEAD:
                if (strategy.cpuGone(cwq)) {
                    waitFor.add(cwq);
                }
                break;
            case CPU_DOWN_FAILED:
                // Nothing in the seed. But a modern kernel that fails an offline after deactivating the CPU has
                // already pushed its pinned tasks away, widening their masks for good (measured: hotplugwq
                // stress, injected offline failures): pin the worker again (README, "Where this differs").
                Worker w = cwq.worker;
                if (w != null && system.onlineCpus().contains(cwq.cpu)) {
                    w.bind();
                }
                break;
            default: // CPU_DOWN_PREPARE: nothing since the seed
                break;
        }
        return NotifyResult.OK;
    }
}
