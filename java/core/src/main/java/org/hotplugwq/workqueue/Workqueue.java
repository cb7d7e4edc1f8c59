package org.hotplugwq.workqueue;

import java.util.concurrent.TimeUnit;
import org.hotplugwq.cpu.CpuSet;

/**
 * A workqueue: the kernel's {@code struct workqueue_struct}, with one {@link CpuWorkqueue} per possible CPU
 * (one only, on {@code singlethread_cpu}, when single-threaded). Created by
 * {@link WorkqueueSystem#createWorkqueue} and friends.
 *
 * <p>Nothing here takes the system's workqueue mutex except {@link #destroy()} (to leave the list): queue,
 * flush and cancel run in parallel with hotplug callbacks (seed semantics S1).
 */
public final class Workqueue {
    final WorkqueueSystem system;
    private final String name;
    private final boolean singleThreaded;
    private final boolean freezeable;
    private final CpuWorkqueue[] cpuQueues;
    /** [L]: guards the hand-over between a takeover callback and destroy. */
    final Object lifecycle = new Object();
    volatile boolean destroying; // [V] written under [L]; read without it by isDestroying()
    /** [V] set by destroy once it has drained every queue: a queue with no worker left refuses work from then. */
    volatile boolean refusing;
    private volatile boolean destroyed; // [V] set once destroy has returned

    Workqueue(WorkqueueSystem system, String name, boolean singleThreaded, boolean freezeable, int cpuSlots) {
        this.system = system;
        this.name = name;
        this.singleThreaded = singleThreaded;
        this.freezeable = freezeable;
        this.cpuQueues = new CpuWorkqueue[cpuSlots];
        if (singleThreaded) {
            int cpu = system.singlethreadCpu();
            cpuQueues[cpu] = new CpuWorkqueue(this, cpu);
        } else {
            system.possibleCpus().forEach(cpu -> cpuQueues[cpu] = new CpuWorkqueue(this, cpu));
        }
    }

    public String name() {
        return name;
    }

    public boolean isSingleThreaded() {
        return singleThreaded;
    }

    public boolean isFreezeable() {
        return freezeable;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /**
     * {@code destroy_workqueue()} has begun: the workqueue has left the list, so its workers hear of no more
     * hotplug (as in the seed) while they drain what was queued.
     */
    public boolean isDestroying() {
        return destroying; // no lock: workers call this (takeover holds lifecycle while it joins one)
    }

    public WorkqueueSystem system() {
        return system;
    }

    /** {@code per_cpu_ptr(wq->cpu_wq, cpu)}; single-threaded workqueues have one queue for all CPUs. */
    CpuWorkqueue cpuQueue(int cpu) {
        if (singleThreaded) {
            return cpuQueues[system.singlethreadCpu()];
        }
        if (cpu < 0 || cpu >= cpuQueues.length || cpuQueues[cpu] == null) {
            throw new IllegalArgumentException("cpu" + cpu + " is not a possible CPU (" + system.possibleCpus() + ")");
        }
        return cpuQueues[cpu];
    }

    /** The CPUs whose queues flush/destroy must visit: {@code cpu_populated_map}, or {@code singlethread_cpu}. */
    CpuSet queueCpus() {
        return singleThreaded ? CpuSet.of(system.singlethreadCpu()) : system.populatedCpus();
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("workqueue '" + name + "' is destroyed");
        }
    }

    /**
     * {@code queue_work()}: queues on the calling thread's current CPU.
     *
     * <p>The kernel reads that CPU and queues with preemption disabled, so the CPU cannot go down in between.
     * The Java twin: if the CPU read went down meanwhile — its queue has no worker left and the CPU is off this
     * system's online view — the work goes where the thread runs now, or else to the first online CPU; a queue
     * whose worker is still draining takes it, as it would have a moment earlier (README, "Where this differs from
     * the seed").
     *
     * @return false if the work was already pending (nothing changes)
     * @throws IllegalStateException if the workqueue is destroyed, or so far into its destroy that no worker is
     *     left to run the work (its pending bit is then cleared)
     */
    public boolean queue(Work work) {
        checkAlive();
        if (!work.claimPending()) {
            return false;
        }
        queueHere(work);
        return true;
    }

    /** {@link #queue}'s insert, the pending bit already taken. */
    private void queueHere(Work work) {
        int cpu = singleThreaded ? system.singlethreadCpu() : system.platform.currentCpu();
        boolean cpuBound = true;
        for (int tries = 0; ; tries++) {
            int outcome = cpuQueue(cpu).tryQueue(work, cpuBound);
            if (outcome == CpuWorkqueue.QUEUED) {
                return;
            }
            if (outcome == CpuWorkqueue.REFUSED) {
                throw refused(work);
            }
            if (tries == 0) { // CPU_GONE: where this thread runs now
                cpu = system.platform.currentCpu();
            } else {
                int first = system.onlineCpus().first();
                cpuBound = first >= 0;
                cpu = cpuBound ? first : cpu;
            }
        }
    }

    private IllegalStateException refused(Work work) {
        work.releasePending();
        return new IllegalStateException(this + " is being destroyed and has no worker left to run the work");
    }

    /**
     * {@code queue_work_on()}: queues on {@code cpu}'s queue. As in the kernel, the caller keeps the CPU
     * from going away (queuing to a CPU that is down leaves the work stranded until it returns).
     *
     * @return false if the work was already pending (nothing changes)
     * @throws IllegalStateException as {@link #queue}
     */
    public boolean queueOn(int cpu, Work work) {
        checkAlive();
        CpuWorkqueue cwq = cpuQueue(cpu);
        if (!work.claimPending()) {
            return false;
        }
        if (cwq.tryQueue(work, false) == CpuWorkqueue.REFUSED) {
            throw refused(work);
        }
        return true;
    }

    /**
     * {@code schedule_on_each_cpu()}'s queuing: on {@code cpu} unless it has gone down since the caller read the
     * online mask (no worker left, off the online view); the kernel holds hotplug off there.
     *
     * @return whether the work was queued
     */
    boolean queueOnIfUp(int cpu, Work work) {
        checkAlive();
        CpuWorkqueue cwq = cpuQueue(cpu);
        if (!work.claimPending()) {
            return false;
        }
        int outcome = cwq.tryQueue(work, true);
        if (outcome == CpuWorkqueue.REFUSED) {
            throw refused(work);
        }
        if (outcome == CpuWorkqueue.CPU_GONE) {
            work.releasePending();
            return false;
        }
        return true;
    }

    /** {@code queue_delayed_work()}: after {@code delay}, on the CPU that armed the timer (this one). */
    public boolean queueDelayed(DelayedWork work, long delay, TimeUnit unit) {
        return queueDelayedOn(-1, work, delay, unit);
    }

    /** {@code queue_delayed_work_on()}: after {@code delay}, on {@code cpu} (-1: the arming CPU). */
    public boolean queueDelayedOn(int cpu, DelayedWork work, long delay, TimeUnit unit) {
        checkAlive();
        if (cpu >= 0) {
            cpuQueue(cpu);
        }
        if (!work.claimPending()) {
            return false;
        }
        long nanos = unit.toNanos(delay);
        if (nanos <= 0) {
            if (cpu < 0) {
                queueHere(work);
            } else if (cpuQueue(cpu).tryQueue(work, false) == CpuWorkqueue.REFUSED) {
                throw refused(work);
            }
        } else {
            system.timer.arm(work, this, cpu >= 0 ? cpu : system.platform.currentCpu(), nanos);
        }
        return true;
    }

    /**
     * {@code flush_workqueue()}: returns once every work queued before the call has finished — a work running
     * at the call included, even one that is running its queue inline because it flushed this workqueue itself.
     * Puts a barrier at the tail of each populated CPU's queue and waits for it, so work queued meanwhile cannot
     * livelock it. From inside one of this workqueue's works, the caller's own queue is run inline instead.
     */
    public void flush() {
        if (singleThreaded) {
            cpuQueue(system.singlethreadCpu()).flush();
            return;
        }
        HotplugStrategy strategy = system.strategy;
        long sequence;
        do { // takeover may move work behind a queue already flushed (migrate_sequence): pass again
            sequence = strategy.flushSequence();
            CpuSet cpus = system.populatedCpus();
            for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
                cpuQueue(cpu).flush();
            }
        } while (sequence != strategy.flushSequence());
    }

    /**
     * {@code flush_work()}: if the work is pending on a queue, takes it off (it will not run); then waits
     * for a running instance to finish, also one running its queue inline (it flushed its own workqueue).
     *
     * @return true if a pending instance was taken off a queue (a cancel, for ledgers)
     */
    public boolean flushWork(Work work) {
        CpuWorkqueue cwq = work.cwq;
        if (cwq == null) {
            return false; // never queued
        }
        if (cwq.wq != this) {
            throw new IllegalArgumentException("work was queued on " + cwq.wq + ", not " + this);
        }
        boolean removed = false;
        while (true) {
            CpuWorkqueue now;
            cwq.lock.lock();
            try {
                // The link first, then the queue (try_to_grab_pending()): a producer may be linking the work into
                // another queue under that queue's lock right now, but it names that queue before it links, so a
                // link seen here that is not this queue's shows as another cwq. Unlink only from this list.
                boolean linked = work.isLinkedAcquire();
                now = work.cwq;
                if (now == cwq) {
                    if (linked) {
                        CpuWorkqueue.unlink(work);
                        work.releasePending();
                        removed = true;
                    }
                    break;
                }
            } finally {
                cwq.lock.unlock();
            }
            cwq = now; // queued elsewhere since we looked, or moved by takeover: follow
        }
        CpuSet cpus = queueCpus();
        for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            cpuQueue(cpu).waitOnWork(work);
        }
        return removed;
    }

    /**
     * {@code destroy_workqueue()}: leaves the list of workqueues, runs everything already queued (timers of
     * delayed works aimed here fire at once), stops every worker and waits until each thread has exited.
     *
     * @throws IllegalStateException if the workqueue is already being destroyed, or if called from one of its own
     *     works (the kernel deadlocks there: destroy would wait for the very work calling it); the workqueue is
     *     then left as it was
     */
    public void destroy() {
        system.destroyWorkqueue(this);
        destroyed = true;
    }

    // --- introspection for tests (package-private; other packages use the test-jar's WorkqueueInspector) ---

    /** The worker thread of {@code cpu}'s queue, or null when it has none. */
    Thread workerThread(int cpu) {
        Worker w = cpuQueue(cpu).worker;
        return w == null ? null : w.thread;
    }

    /** The state of {@code cpu}'s worker, or null when it has none. */
    WorkerState workerState(int cpu) {
        Worker w = cpuQueue(cpu).worker;
        return w == null ? null : w.state;
    }

    /** The Linux thread id of {@code cpu}'s worker, or -1. */
    int workerTid(int cpu) {
        Worker w = cpuQueue(cpu).worker;
        return w == null ? -1 : w.tid;
    }

    /** Works waiting on {@code cpu}'s queue (barriers included). */
    int pendingCount(int cpu) {
        CpuWorkqueue cwq = cpuQueue(cpu);
        cwq.lock.lock();
        try {
            return cwq.size();
        } finally {
            cwq.lock.unlock();
        }
    }

    /** Whether {@code cpu}'s queue has {@code should_stop} set. */
    boolean shouldStop(int cpu) {
        CpuWorkqueue cwq = cpuQueue(cpu);
        cwq.lock.lock();
        try {
            return cwq.shouldStop;
        } finally {
            cwq.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "workqueue '" + name + "'" + (singleThreaded ? " (single-threaded)" : "")
                + (freezeable ? " (freezeable)" : "");
    }
}
