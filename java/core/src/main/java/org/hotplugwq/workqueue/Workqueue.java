package org.hotplugwq.workqueue;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.cpu.CpuSet;

/**
 * A workqueue: the kernel's {@code struct workqueue_struct}, with one {@link CpuWorkqueue} per possible CPU
 * (one only, on {@code singlethread_cpu}, when single-threaded). Created by
 * {@link WorkqueueSystem#createWorkqueue} and friends.
 *
 * <p>Nothing here takes the system's workqueue mutex except {@link #destroy()} (to leave the list): queue,
 * flush and cancel run in parallel with hotplug callbacks (seed semantics S1).
 *
 * <p>Calls from a work function (README, "Waiting from a work"): a work may queue anything and flush its own
 * workqueue (its own queue then runs inline, S11), but may not destroy it ({@link IllegalStateException}), and
 * {@link #flushWork flushWork} of itself does not wait. A flush that would close a cycle of works waiting for each
 * other (two works of one multi-threaded workqueue flushing it at once) throws {@link IllegalStateException}
 * instead of deadlocking, as the kernel would.
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
    private final CountDownLatch terminated = new CountDownLatch(1); // opened with destroyed

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

    /** {@code wq->name}: also the name of its threads ({@code name/cpu}, or {@code name} when single-threaded). */
    public String name() {
        return name;
    }

    /** {@code is_single_threaded(wq)}: one unbound worker on {@code singlethread_cpu}'s queue serves every CPU. */
    public boolean isSingleThreaded() {
        return singleThreaded;
    }

    /** {@code wq->freezeable}: its worker stops at {@link WorkqueueSystem#freeze()}. */
    public boolean isFreezeable() {
        return freezeable;
    }

    /** Whether a destroy has finished: every queued work has run and every worker has exited. */
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

    /** The system that created it. */
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
     * {@code queue_work_on()}: queues on {@code cpu}'s queue (a single-threaded workqueue's one queue for any CPU).
     *
     * <p>Stranding: as in the kernel, the caller keeps the CPU from going away while it chooses it and queues
     * (e.g. under {@code CpuHotplugLock.readLock()}, the kernel's {@code get_online_cpus()}). A work queued to a CPU
     * whose queue has no worker — the CPU is down, or came up and its {@code CPU_UP_PREPARE} has not arrived — is
     * stranded: it waits there until the CPU comes back ({@code CPU_UP_PREPARE} gives the queue a thread) or the
     * workqueue is destroyed (destroy drains it), and {@link #flush()} and {@link #flushWork} wait for it as long.
     * {@link ExecutionRecord#stranded()} reports it.
     *
     * @return false if the work was already pending (nothing changes)
     * @throws IllegalArgumentException if {@code cpu} is not a possible CPU
     * @throws IllegalStateException    as {@link #queue}
     */
    public boolean queueOn(int cpu, Work work) {
        checkAlive();
        CpuWorkqueue cwq = cpuQueue(possibleCpu(cpu));
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

    /**
     * {@code queue_delayed_work()}: after {@code delay}, on the CPU that armed the timer (this one); at once if
     * {@code delay <= 0}. If that CPU has gone down when the timer fires, on an online one.
     *
     * @return false if the work was already pending (nothing changes)
     * @throws NullPointerException  if {@code unit} is null (before anything changes)
     * @throws IllegalStateException if the workqueue is destroyed, or the system is closed
     */
    public boolean queueDelayed(DelayedWork work, long delay, TimeUnit unit) {
        return queueDelayedOn(-1, work, delay, unit);
    }

    /**
     * {@code queue_delayed_work_on()}: after {@code delay}, on {@code cpu} (-1: the arming CPU); at once if
     * {@code delay <= 0}. If that CPU is down when the timer fires, on an online one.
     *
     * @return false if the work was already pending (nothing changes)
     * @throws NullPointerException     if {@code unit} is null (before anything changes)
     * @throws IllegalArgumentException if {@code cpu} is neither -1 nor a possible CPU
     * @throws IllegalStateException    if the workqueue is destroyed, or the system is closed
     */
    public boolean queueDelayedOn(int cpu, DelayedWork work, long delay, TimeUnit unit) {
        checkAlive();
        Objects.requireNonNull(unit, "unit");
        if (cpu != -1) {
            cpuQueue(possibleCpu(cpu));
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
            try {
                system.timer.arm(work, this, cpu >= 0 ? cpu : system.platform.currentCpu(), nanos);
            } catch (IllegalStateException closed) {
                work.releasePending(); // not armed: a pending bit nobody will clear would block it for good
                throw closed;
            }
        }
        return true;
    }

    /**
     * {@code flush_workqueue()}: returns once every work queued before the call has finished — a work running
     * at the call included, even one that is running its queue inline because it flushed this workqueue itself.
     * Puts a barrier at the tail of each populated CPU's queue and waits for it, so work queued meanwhile cannot
     * livelock it. From inside one of this workqueue's works, the caller's own queue is run inline instead.
     * Waits uninterruptibly (an interrupt is kept for the caller), for stranded work too: {@link #flushWithin} bounds
     * the wait.
     *
     * @throws IllegalStateException if called from a work whose wait would close a cycle of works waiting for
     *                               each other (it would never return; README, "Waiting from a work")
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
     * A delayed work whose timer is armed is left alone: see {@link DelayedWork#cancelRearming()}.
     *
     * @return true if a pending instance was taken off a queue (a cancel, for ledgers)
     * @throws IllegalArgumentException if the work was last queued on another workqueue
     * @throws IllegalStateException    if called from a work whose wait would close a cycle of works waiting for
     *                                  each other
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
     * Waits uninterruptibly, for a frozen worker's thaw and for stranded work too: {@link #destroyWithin} bounds
     * the wait.
     *
     * @throws IllegalStateException if it is already destroyed (or being destroyed), if it is keventd (its
     *                               system's {@code close()} destroys it), or if called from one of its own works
     */
    public void destroy() {
        system.destroyWorkqueue(this);
        destroyed = true;
        terminated.countDown();
    }

    /**
     * {@link #destroy()} with a bound on the wait. What waits for nothing is done on the calling thread before it
     * waits (the workqueue leaves the list and its timers fire, so every precondition failure is thrown here); the
     * rest — each worker runs what is queued, then exits — runs on a thread of its own and goes on after a timeout
     * or an interrupt: {@link #isDestroyed()} turns true when it is done, and {@link #awaitDestroyed} waits again.
     *
     * @return true if the destroy finished within the timeout
     * @throws InterruptedException  if interrupted before or while waiting (the destroy goes on)
     * @throws NullPointerException  if {@code unit} is null
     * @throws IllegalStateException as {@link #destroy()}, or if no thread can be started (nothing has changed)
     */
    public boolean destroyWithin(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Worker me = system.currentWorker();
        if (me != null && me.cwq.wq == this) {
            throw new IllegalStateException(this + " cannot be destroyed from its own work " + me
                    + ": destroy waits for every work to end");
        }
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean go = new AtomicBoolean();
        Thread finisher = system.threadFactory.newThread(() -> {
            Uninterruptibly.await(started);
            if (go.get()) {
                system.finishDestroy(this);
                destroyed = true;
                terminated.countDown();
            }
        });
        finisher.setName(name + "-destroy");
        finisher.setDaemon(true);
        finisher.start(); // before anything changes: a thread that cannot start leaves the workqueue as it was
        try {
            system.startDestroy(this);
            go.set(true);
        } finally {
            started.countDown();
        }
        return terminated.await(timeout, unit);
    }

    /**
     * Waits until a destroy has finished ({@link #isDestroyed()}), at most {@code timeout}.
     *
     * @return true if destroyed within the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitDestroyed(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    /**
     * {@link #flush()} with a bound on its waits: returns false if a barrier was still waiting when the time was up
     * (the flush is abandoned: what it waited for runs anyway, later). Works it runs inline (called from one of
     * this workqueue's works) are run to the end and their own flushes are not bounded by it.
     *
     * @return true if every work queued before the call has finished
     * @throws InterruptedException  if interrupted before or while waiting
     * @throws NullPointerException  if {@code unit} is null
     * @throws IllegalStateException as {@link #flush()}
     */
    public boolean flushWithin(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return system.waits.within(timeout, unit, this::flush);
    }

    /** {@code cpu} if it is a possible CPU (the check a single-threaded workqueue's one queue does not make). */
    private int possibleCpu(int cpu) {
        if (!system.possibleCpus().contains(cpu)) {
            throw new IllegalArgumentException("cpu" + cpu + " is not a possible CPU (" + system.possibleCpus() + ")");
        }
        return cpu;
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

    /** {@code workqueue 'name'}, with {@code (single-threaded)} and {@code (freezeable)} when they apply. */
    @Override
    public String toString() {
        return "workqueue '" + name + "'" + (singleThreaded ? " (single-threaded)" : "")
                + (freezeable ? " (freezeable)" : "");
    }
}
