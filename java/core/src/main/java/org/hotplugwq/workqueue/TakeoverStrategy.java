package org.hotplugwq.workqueue;

import java.util.concurrent.atomic.AtomicLong;
import org.hotplugwq.cpu.CpuSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HotplugPolicy#TAKEOVER}, the kernel before the 2007 patch: {@code CPU_DEAD} stops the worker after its
 * current work ({@code kthread_stop()}) and moves the rest of its list to the queue of the CPU running the
 * callback ({@code take_over_work()}); flushes retry while {@code migrate_sequence} moves. Unlike the pre-patch
 * kernel it waits outside {@code workqueue_mutex}, so S1 holds here too.
 */
final class TakeoverStrategy implements HotplugStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(TakeoverStrategy.class);

    private final WorkqueueSystem system;
    /** {@code migrate_sequence} [V]: bumped under the dead queue's lock [Q] after each move. */
    private final AtomicLong migrateSequence = new AtomicLong();

    TakeoverStrategy(WorkqueueSystem system) {
        this.system = system;
    }

    @Override
    public boolean cpuGone(CpuWorkqueue cwq) {
        return true; // everything happens outside the mutex: the stop waits for the current work
    }

    @Override
    public void afterCpuGone(CpuWorkqueue dead) {
        takeOverWork(dead);
    }

    @Override
    public long flushSequence() {
        return migrateSequence.get();
    }

    /**
     * {@code kthread_stop()} the worker (it finishes its current work and leaves the rest), then
     * {@code take_over_work()}: move the rest to the queue of the CPU running this callback. Under the
     * workqueue's lifecycle lock [L], so destroy never sees work moved behind its back.
     */
    private void takeOverWork(CpuWorkqueue dead) {
        Workqueue wq = dead.wq;
        synchronized (wq.lifecycle) {
            if (wq.destroying) {
                return; // destroy drains this queue itself
            }
            Worker w = dead.worker;
            if (w != null) {
                w.stop();
            }
            CpuWorkqueue target = takeoverTarget(wq, dead.cpu);
            if (target == null) {
                LOG.warn("{}: no online CPU with a worker to take its work over", dead);
                return;
            }
            // Lock order dead → target: only takeover holds two queue locks, one callback at a time [H].
            dead.lock.lock();
            try {
                target.lock.lock();
                try {
                    int moved = dead.spliceTo(target);
                    system.counters.takenOver.add(moved);
                    if (moved > 0) {
                        LOG.debug("taking {} works of {} to cpu{}", moved, dead, target.cpu);
                    }
                } finally {
                    target.lock.unlock();
                }
                migrateSequence.incrementAndGet();
            } finally {
                dead.lock.unlock();
            }
        }
    }

    /** The queue of the CPU running the callback if it has a worker, else of the first online CPU that has one. */
    private CpuWorkqueue takeoverTarget(Workqueue wq, int deadCpu) {
        CpuSet up = system.onlineCpus();
        int here = system.platform.currentCpu();
        if (here != deadCpu && up.contains(here) && wq.cpuQueue(here).worker != null) {
            return wq.cpuQueue(here);
        }
        for (int cpu = up.first(); cpu >= 0; cpu = up.next(cpu + 1)) {
            if (cpu != deadCpu && wq.cpuQueue(cpu).worker != null) {
                return wq.cpuQueue(cpu);
            }
        }
        return null;
    }
}
