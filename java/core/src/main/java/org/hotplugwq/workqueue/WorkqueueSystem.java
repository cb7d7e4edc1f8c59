package org.hotplugwq.workqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.hotplugwq.cpu.AffinityException;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workqueue system: what the 2007 kernel kept in globals ({@code workqueues}, {@code workqueue_mutex},
 * {@code cpu_populated_map}, {@code embryonic_cpu}, {@code singlethread_cpu}, keventd, the hotplug
 * callback), held in one object so that several systems can run side by side.
 *
 * <h2>Design</h2>
 *
 * <p>Each {@link Workqueue} has one {@link CpuWorkqueue} per possible CPU: a list of {@link Work} items
 * guarded by its own lock, and at most one {@link Worker} thread pinned to that CPU. Producers queue on
 * their current CPU (or a named one); the worker runs its list in order. Queuing takes only the per-CPU
 * lock, never the workqueue mutex, and allocates nothing: the list links live in the work item.
 *
 * <p>The 2007 rework (the seed) changed what hotplug does to those threads. The mutex now protects only the
 * list of workqueues, so flush and cancel run in parallel with the hotplug callback, and a work function
 * may create or destroy workqueues (S1). {@code CPU_DEAD} no longer stops the thread and moves its work
 * ({@code take_over_work}); it sets {@code should_stop} and wakes the thread, in O(1) (S2). The thread,
 * its affinity broken by the offline, runs the rest of its list on whatever CPU the scheduler gives it,
 * and exits when the list is empty — the test and the exit happen under the queue lock, which clears
 * {@code cwq->thread} (S3). If the CPU comes back before the drain ends, {@code CPU_UP_PREPARE} finds
 * the thread still there, clears {@code should_stop} and keeps it; {@code CPU_ONLINE} pins it again (S4).
 * The price, which the patch admits, is work run on the "wrong" CPU: exactly what this project measures.
 *
 * <p>Two globals make that safe. {@code cpu_populated_map} holds every CPU ever prepared: flush, flush_work
 * and destroy walk it rather than the online mask, so they also wait for a dead CPU's draining thread
 * (S6). {@code embryonic_cpu} is the CPU between {@code CPU_UP_PREPARE} and {@code CPU_ONLINE}: a
 * workqueue created in that window must give it a thread too, or {@code CPU_ONLINE} would find none (S5).
 *
 * <p>The same core runs the other moments of that history ({@link HotplugPolicy}): TAKEOVER (before the
 * patch), DRAIN_SYNC (as merged: the callback waits for the drain) and REBIND (workers never exit).
 * Where a policy must wait — for a thread to stop or drain — it waits outside the mutex, so S1 holds
 * under every policy; this is the one place the TAKEOVER policy differs from the pre-patch kernel, which
 * held {@code workqueue_mutex} from {@code CPU_DOWN_PREPARE} to {@code CPU_DEAD}.
 *
 * <p>Threads: every worker is a platform thread; hotplug callbacks are serialised by {@code hotplugLock}
 * (the kernel's cpu_hotplug lock, held by whoever calls the notifier chain); {@code workqueueMutex}
 * guards the list, {@code embryonicCpu} and the masks' updates; the masks are immutable snapshots read
 * without a lock.
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * try (WorkqueueSystem system = WorkqueueSystem.builder(platform).policy(HotplugPolicy.DRAIN).build()) {
 *     bridge.register(system, 0);                      // CPU_* actions arrive through onCpuAction
 *     Workqueue wq = system.createWorkqueue("kblockd");
 *     Work work = new Work(w -> handle());             // allocate once, queue many times
 *     wq.queue(work);                                  // false if still pending
 *     wq.flush();                                      // everything queued before has run
 *     wq.destroy();
 * }
 * }</pre>
 */
public final class WorkqueueSystem implements CpuNotifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkqueueSystem.class);
    static final int RUN_DEPTH_WARNING = 3;

    final CpuPlatform platform;
    private final HotplugPolicy policy;
    private final ExecutionObserver observer;
    private final ThreadFactory threadFactory;
    private final CpuSet possible;
    private final int singlethreadCpu;
    private final int cpuSlots;

    private final ReentrantLock hotplugLock = new ReentrantLock();
    private final ReentrantLock workqueueMutex = new ReentrantLock();
    private final List<Workqueue> workqueues = new ArrayList<>(); // guarded by workqueueMutex
    private int embryonicCpu = -1;                                // guarded by workqueueMutex
    private final AtomicReference<CpuSet> populated = new AtomicReference<>(); // cpu_populated_map
    private volatile CpuSet online;                              // cpu_online_map as our callbacks saw it
    private final AtomicLong migrateSequence = new AtomicLong(); // TAKEOVER only

    final DelayedWorkTimer timer;
    final Freezer freezer = new Freezer();
    private final ThreadLocal<Worker> currentWorker = new ThreadLocal<>();
    private final Set<Worker> liveWorkers = ConcurrentHashMap.newKeySet();
    private final Set<Workqueue> existing = ConcurrentHashMap.newKeySet(); // for close(): singles are not listed
    private final Workqueue keventd;
    private volatile boolean closed;

    private final LongAdder runDepthWarnings = new LongAdder();
    private final LongAdder bindFailures = new LongAdder();
    private final LongAdder workFailures = new LongAdder();
    private final LongAdder takenOver = new LongAdder();
    private final LongAdder droppedTimers = new LongAdder();

    private WorkqueueSystem(Builder b) {
        this.platform = b.platform;
        this.policy = b.policy;
        this.observer = b.observer;
        this.threadFactory = b.threadFactory;
        this.possible = platform.possibleCpus();
        if (possible.isEmpty()) {
            throw new IllegalArgumentException("the platform reports no possible CPU");
        }
        this.cpuSlots = possible.last() + 1;
        this.singlethreadCpu = possible.first(); // first_cpu(cpu_possible_map)
        CpuSet up = platform.onlineCpus().intersect(possible);
        this.online = up;
        this.populated.set(up); // init_workqueues(): cpu_populated_map = cpu_online_map
        this.timer = new DelayedWorkTimer(this, threadFactory);
        this.keventd = createWorkqueue("events"); // keventd_wq
    }

    /** {@code init_workqueues()}: a system on {@code platform}; the default policy is {@link HotplugPolicy#DRAIN}. */
    public static Builder builder(CpuPlatform platform) {
        return new Builder(platform);
    }

    /** Options of a {@link WorkqueueSystem}. */
    public static final class Builder {
        private final CpuPlatform platform;
        private HotplugPolicy policy = HotplugPolicy.DRAIN;
        private ExecutionObserver observer;
        private ThreadFactory threadFactory = Thread::new;

        private Builder(CpuPlatform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
        }

        public Builder policy(HotplugPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Told of every executed work; null (the default) costs nothing. */
        public Builder observer(ExecutionObserver observer) {
            this.observer = observer;
            return this;
        }

        /** Makes the worker and timer threads (names and daemon status are set by the system). */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        public WorkqueueSystem build() {
            return new WorkqueueSystem(this);
        }
    }

    // ------------------------------------------------------------------ creation and destruction

    /** {@code create_workqueue()}: one worker per online CPU, driven by hotplug. */
    public Workqueue createWorkqueue(String name) {
        return createWorkqueue(name, false, false);
    }

    /** {@code create_singlethread_workqueue()}: one unbound worker, on {@code singlethread_cpu}'s queue. */
    public Workqueue createSinglethreadWorkqueue(String name) {
        return createWorkqueue(name, true, false);
    }

    /** {@code create_freezeable_workqueue()}: single-threaded, and its worker stops at {@link #freeze()}. */
    public Workqueue createFreezeableWorkqueue(String name) {
        return createWorkqueue(name, true, true);
    }

    /**
     * {@code __create_workqueue()}.
     *
     * @throws IllegalStateException if a worker thread cannot be created (what was created is destroyed)
     */
    public Workqueue createWorkqueue(String name, boolean singleThreaded, boolean freezeable) {
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("workqueue system is closed");
        }
        Workqueue wq = new Workqueue(this, name, singleThreaded, freezeable, cpuSlots);
        existing.add(wq);
        RuntimeException failure = null;
        if (singleThreaded) {
            failure = startWorker(wq.cpuQueue(singlethreadCpu), WorkerState.SINGLE_THREAD, false);
        } else {
            workqueueMutex.lock();
            try {
                workqueues.add(wq);
                CpuSet up = online;
                for (int cpu = possible.first(); cpu >= 0 && failure == null; cpu = possible.next(cpu + 1)) {
                    boolean isOnline = up.contains(cpu);
                    if (isOnline || cpu == embryonicCpu) {
                        failure = startWorker(wq.cpuQueue(cpu),
                                isOnline ? WorkerState.BOUND : WorkerState.EMBRYONIC, isOnline);
                    }
                }
            } finally {
                workqueueMutex.unlock();
            }
        }
        if (failure != null) {
            wq.destroy();
            throw new IllegalStateException("cannot create workqueue '" + name + "'", failure);
        }
        return wq;
    }

    /**
     * {@code create_workqueue_thread()}: clears {@code should_stop} and keeps a thread still there (draining),
     * or starts a new one.
     *
     * @return null on success, else why the thread could not be made
     */
    private RuntimeException startWorker(CpuWorkqueue cwq, WorkerState state, boolean bindAtStart) {
        Worker w;
        cwq.lock.lock();
        try {
            cwq.shouldStop = false;
            w = cwq.worker;
            if (w != null) {
                w.state = state;
                return null;
            }
            try {
                w = new Worker(cwq, state, bindAtStart, threadFactory);
            } catch (RuntimeException | OutOfMemoryError e) {
                return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
            }
            cwq.worker = w;
        } finally {
            cwq.lock.unlock();
        }
        try {
            w.start();
            return null;
        } catch (RuntimeException | OutOfMemoryError e) {
            cwq.lock.lock();
            try {
                if (cwq.worker == w) {
                    cwq.worker = null;
                }
            } finally {
                cwq.lock.unlock();
            }
            return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
        }
    }

    void destroyWorkqueue(Workqueue wq) {
        synchronized (wq.lifecycle) {
            if (wq.destroying) {
                throw new IllegalStateException(wq + " is already destroyed");
            }
            wq.destroying = true;
        }
        if (!wq.isSingleThreaded()) {
            workqueueMutex.lock();
            try {
                workqueues.remove(wq);
            } finally {
                workqueueMutex.unlock();
            }
        }
        timer.expedite(wq);
        wq.queueCpus().forEach(cpu -> cleanupWorker(wq.cpuQueue(cpu)));
        existing.remove(wq);
    }

    /**
     * {@code cleanup_workqueue_thread()}: a barrier at the tail, {@code should_stop}, wait for the barrier and
     * for the thread to be gone. A queue left with work but no thread (stranded on a CPU that is down)
     * gets a thread that drains it, so destroy never loses work.
     */
    private void cleanupWorker(CpuWorkqueue cwq) {
        Worker w;
        WorkBarrier barrier = null;
        cwq.lock.lock();
        try {
            if (cwq.worker == null && !cwq.isEmpty()) {
                cwq.lock.unlock();
                try {
                    LOG.info("{}: stranded work left at destroy; starting a thread to drain it", cwq);
                    startWorker(cwq, WorkerState.DRAINING, false);
                } finally {
                    cwq.lock.lock();
                }
            }
            w = cwq.worker;
            if (w != null) {
                barrier = WorkBarrier.create();
                cwq.insert(barrier, true);
                cwq.shouldStop = true;
                w.state = WorkerState.DRAINING;
            }
        } finally {
            cwq.lock.unlock();
        }
        if (w != null) {
            barrier.await();
            join(w);
        }
    }

    private static void join(Worker w) {
        if (w.thread == Thread.currentThread()) {
            throw new IllegalStateException(w + " cannot wait for itself to exit");
        }
        Uninterruptibly.join(w.thread);
    }

    /** Destroys every workqueue left (with a warning) and keventd, and stops the timer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (Workqueue wq : List.copyOf(existing)) {
            if (wq != keventd) {
                LOG.warn("{} still exists at close; destroying it", wq);
                destroyQuietly(wq);
            }
        }
        destroyQuietly(keventd);
        closed = true;
        timer.close();
    }

    private static void destroyQuietly(Workqueue wq) {
        try {
            wq.destroy();
        } catch (IllegalStateException alreadyDestroyed) {
            // destroyed concurrently
        }
    }

    // ------------------------------------------------------------------ queuing and running

    /** {@code __queue_work()}: the pending bit is already ours. */
    void insertWork(CpuWorkqueue cwq, Work work) {
        Thread sleeper;
        cwq.lock.lock();
        try {
            sleeper = insertLocked(cwq, work);
        } finally {
            cwq.lock.unlock();
        }
        if (sleeper != null) {
            LockSupport.unpark(sleeper); // after the unlock: the worker wakes to a free lock
        }
    }

    /** Under {@code cwq.lock}: queues {@code work} at the tail; returns the sleeping worker to wake, or null. */
    private Thread insertLocked(CpuWorkqueue cwq, Work work) {
        work.queuedCpu = cwq.cpu;
        work.movedByTakeover = false;
        work.stranded = cwq.worker == null;
        if (work.stranded) {
            // A CPU that came up before our CPU_UP_PREPARE (the detection window) can queue work here: flush and
            // destroy walk cpu_populated_map, so it must be there for them to see this work.
            markPopulated(cwq.cpu);
        }
        if (observer != null) {
            work.queuedNanos = System.nanoTime();
        }
        return cwq.insertTail(work);
    }

    private void markPopulated(int cpu) {
        CpuSet now = populated.get();
        while (!now.contains(cpu) && !populated.compareAndSet(now, now.with(cpu))) {
            now = populated.get();
        }
    }

    /** The delay timer of {@code dw} fired (called with the timer lock held). */
    void timerFired(DelayedWork dw) {
        Workqueue wq = dw.timerQueue;
        if (wq.isDestroyed()) {
            droppedTimers.increment();
            dw.releasePending();
            LOG.warn("delayed work fired on destroyed {}; dropped", wq);
            return;
        }
        int cpu = dw.timerCpu;
        while (true) {
            if (!wq.isSingleThreaded() && !online.contains(cpu)) {
                cpu = anyOnlineCpu(cpu); // the kernel migrates a dead CPU's timers to a live one
            }
            CpuWorkqueue cwq = wq.cpuQueue(cpu);
            Thread sleeper;
            cwq.lock.lock();
            try {
                // CPU_DEAD may have come, and its worker drained away, since the check above: look again
                if (cwq.worker == null && !wq.isSingleThreaded() && !online.contains(cpu)
                        && online.first() >= 0) {
                    continue;
                }
                sleeper = insertLocked(cwq, dw);
            } finally {
                cwq.lock.unlock();
            }
            if (sleeper != null) {
                LockSupport.unpark(sleeper);
            }
            return;
        }
    }

    private int anyOnlineCpu(int fallback) {
        int cpu = online.first();
        return cpu >= 0 ? cpu : fallback;
    }

    /** {@code run_workqueue()}: on the worker thread, or inline when a work flushes its own queue. */
    void runWorkqueue(CpuWorkqueue cwq, Worker self) {
        cwq.lock.lock();
        Work outer = cwq.currentWork; // non-null when a work flushes its own queue: still running after this
        try {
            if (++cwq.runDepth > RUN_DEPTH_WARNING) {
                runDepthWarnings.increment();
                LOG.warn("{}: run_workqueue recursion depth exceeded: {}", cwq, cwq.runDepth);
            }
            while (!cwq.isEmpty() && !self.stopNow) { // kthread_stop() leaves the rest for takeover
                Work work = cwq.removeFirst();
                cwq.currentWork = work;
                cwq.lock.unlock();
                try {
                    work.releasePending(); // work_release(): it may queue itself again from here on
                    execute(cwq, self, work);
                } finally {
                    cwq.lock.lock();
                }
                cwq.currentWork = null;
            }
            cwq.currentWork = outer;
            cwq.runDepth--;
        } finally {
            cwq.lock.unlock();
        }
    }

    private void execute(CpuWorkqueue cwq, Worker self, Work work) {
        ExecutionObserver obs = observer;
        if (obs == null || work.internal) {
            try {
                work.function.run(work);
            } catch (Throwable t) {
                workFailed(cwq, work, t);
            }
            return;
        }
        int queueCpu = work.queuedCpu;
        long queuedNanos = work.queuedNanos;
        boolean stranded = work.stranded;
        long start = System.nanoTime();
        int startCpu = platform.currentCpu();
        // The state is read after the start time and CPU: a hotplug callback changes it (BOUND -> DRAINING /
        // UNBOUND at CPU_DEAD) before it returns, so a BOUND sample proves this start came before the
        // callback returned. The stress harness's detection window closes there, with no slack.
        WorkerState state = work.movedByTakeover ? WorkerState.MOVED_BY_TAKEOVER : self.state;
        Throwable failure = null;
        try {
            work.function.run(work);
        } catch (Throwable t) {
            failure = t;
            workFailed(cwq, work, t);
        }
        int endCpu = platform.currentCpu();
        long end = System.nanoTime();
        ExecutionRecord r = self.record; // filled after the function: a nested run may have used it
        r.workqueue = cwq.wq;
        r.work = work;
        r.queueCpu = queueCpu;
        r.startCpu = startCpu;
        r.endCpu = endCpu;
        r.state = state;
        r.queuedNanos = queuedNanos;
        r.startNanos = start;
        r.endNanos = end;
        r.workerTid = self.tid;
        r.stranded = stranded;
        r.failure = failure;
        try {
            obs.executed(r);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.error("execution observer failed", e);
        }
    }

    private void workFailed(CpuWorkqueue cwq, Work work, Throwable t) {
        workFailures.increment();
        LOG.error("{}: work {} threw", cwq, work, t);
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t; // out of memory and the like: the worker's exit path cleans up
        }
    }

    // ------------------------------------------------------------------ flushing

    void flushWorkqueue(Workqueue wq) {
        if (wq.isSingleThreaded()) {
            flushCpuWorkqueue(wq.cpuQueue(singlethreadCpu));
            return;
        }
        long sequence;
        do { // migrate_sequence: TAKEOVER may move work behind a queue we have already flushed
            sequence = migrateSequence.get();
            CpuSet cpus = populated.get();
            for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
                flushCpuWorkqueue(wq.cpuQueue(cpu));
            }
        } while (policy == HotplugPolicy.TAKEOVER && sequence != migrateSequence.get());
    }

    /** {@code flush_cpu_workqueue()}. */
    private void flushCpuWorkqueue(CpuWorkqueue cwq) {
        Worker w = cwq.worker;
        if (w != null && w.thread == Thread.currentThread()) {
            runWorkqueue(cwq, w); // flushing our own queue from a work: run it here (S11)
            return;
        }
        WorkBarrier barrier = null;
        cwq.lock.lock();
        try {
            if (!cwq.isEmpty() || cwq.currentWork != null) {
                barrier = WorkBarrier.create();
                cwq.insert(barrier, true);
            }
        } finally {
            cwq.lock.unlock();
        }
        if (barrier != null) {
            barrier.await();
        }
    }

    boolean flushWork(Workqueue wq, Work work) {
        CpuWorkqueue cwq = work.cwq;
        if (cwq == null) {
            return false; // never queued
        }
        if (cwq.wq != wq) {
            throw new IllegalArgumentException("work was queued on " + cwq.wq + ", not " + wq);
        }
        boolean removed = false;
        while (true) {
            cwq.lock.lock();
            try {
                if (work.cwq == cwq) { // TAKEOVER may have moved it: follow
                    if (work.isQueued()) {
                        CpuWorkqueue.unlink(work);
                        work.releasePending();
                        removed = true;
                    }
                    break;
                }
            } finally {
                cwq.lock.unlock();
            }
            cwq = work.cwq;
        }
        CpuSet cpus = wq.queueCpus();
        for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            waitOnWork(wq.cpuQueue(cpu), work);
        }
        return removed;
    }

    /** {@code wait_on_work()}: a barrier right after the running instance, if it is running here. */
    private void waitOnWork(CpuWorkqueue cwq, Work work) {
        WorkBarrier barrier = null;
        cwq.lock.lock();
        try {
            if (cwq.currentWork == work) {
                Worker w = cwq.worker;
                if (w != null && w.thread == Thread.currentThread()) {
                    LOG.warn("{}: flush_work() of the running work from itself; not waiting", cwq);
                    return;
                }
                barrier = WorkBarrier.create();
                cwq.insert(barrier, false);
            }
        } finally {
            cwq.lock.unlock();
        }
        if (barrier != null) {
            barrier.await();
        }
    }

    // ------------------------------------------------------------------ hotplug

    /**
     * {@code workqueue_cpu_callback()}: the notifier for the six CPU actions. Answers {@link NotifyResult#BAD}
     * to {@code CPU_UP_PREPARE} when a worker thread cannot be created; the caller then sends
     * {@code CPU_UP_CANCELED}. Callbacks are serialised.
     */
    @Override
    public NotifyResult onCpuAction(CpuAction action, int cpu) {
        Objects.requireNonNull(action, "action");
        if (!possible.contains(cpu)) {
            throw new IllegalArgumentException("cpu" + cpu + " is not possible (" + possible + ")");
        }
        hotplugLock.lock();
        try {
            NotifyResult result = NotifyResult.OK;
            List<CpuWorkqueue> waitFor = new ArrayList<>();
            workqueueMutex.lock();
            try {
                embryonicCpu = -1;
                switch (action) {
                    case CPU_UP_PREPARE:
                        markPopulated(cpu);
                        embryonicCpu = cpu;
                        break;
                    case CPU_ONLINE:
                        online = online.with(cpu);
                        break;
                    case CPU_DEAD:
                        online = online.without(cpu);
                        break;
                    default:
                        break;
                }
                for (Workqueue wq : workqueues) {
                    CpuWorkqueue cwq = wq.cpuQueue(cpu);
                    switch (action) {
                        case CPU_UP_PREPARE:
                            RuntimeException failure = startWorker(cwq, WorkerState.EMBRYONIC, false);
                            if (failure != null) {
                                LOG.error("workqueue for {} failed: {}", cpu, failure.toString());
                                result = NotifyResult.BAD;
                            }
                            break;
                        case CPU_ONLINE:
                            bindOrStartWorker(cwq, cpu);
                            break;
                        case CPU_UP_CANCELED:
                        case CPU_DEAD:
                            cpuGone(cwq, waitFor);
                            break;
                        case CPU_DOWN_FAILED:
                            // Nothing in the seed. But a modern kernel that fails an offline after deactivating
                            // the CPU has already pushed its pinned tasks away, widening their masks for good
                            // (measured: hotplugwq stress, injected offline failures): pin them again.
                            repinAfterFailedDown(cwq, cpu);
                            break;
                        default: // CPU_DOWN_PREPARE: nothing since the seed
                            break;
                    }
                    if (result != NotifyResult.OK) {
                        break;
                    }
                }
                if (result == NotifyResult.BAD) {
                    // The 2.6.20 chain sent CPU_UP_CANCELED to every notifier, the refuser included; later
                    // kernels (and HotplugBridge) skip the refuser. Undo our own prepare so no thread is left
                    // embryonic; a CPU_UP_CANCELED arriving anyway finds nothing more to do.
                    embryonicCpu = -1;
                    for (Workqueue wq : workqueues) {
                        cpuGone(wq.cpuQueue(cpu), waitFor);
                    }
                }
            } finally {
                workqueueMutex.unlock();
            }
            // What must wait does so outside the mutex: work functions may take it (S1).
            if (policy == HotplugPolicy.DRAIN_SYNC) {
                for (CpuWorkqueue cwq : waitFor) {
                    Worker w = cwq.worker;
                    if (w != null) {
                        join(w);
                    }
                }
            } else if (policy == HotplugPolicy.TAKEOVER) {
                for (CpuWorkqueue cwq : waitFor) {
                    takeOverWork(cwq);
                }
            }
            return result;
        } finally {
            hotplugLock.unlock();
        }
    }

    private void bindOrStartWorker(CpuWorkqueue cwq, int cpu) {
        Worker w = cwq.worker;
        if (w == null) { // a workqueue created without seeing CPU_UP_PREPARE: give it a thread now
            startWorker(cwq, WorkerState.BOUND, true);
            return;
        }
        bind(w, cpu); // set_cpus_allowed(cwq->thread, cpumask_of_cpu(cpu))
    }

    /** {@code CPU_DOWN_FAILED}: the CPU stayed, its worker stays; make sure the worker is pinned to it again. */
    private void repinAfterFailedDown(CpuWorkqueue cwq, int cpu) {
        Worker w = cwq.worker;
        if (w != null && online.contains(cpu)) {
            bind(w, cpu);
        }
    }

    /** Pins {@code w} to {@code cpu}; on failure it stays unbound, counted and logged. */
    void bind(Worker w, int cpu) {
        try {
            platform.bindThread(w.tid, cpu);
            w.state = WorkerState.BOUND;
        } catch (AffinityException e) {
            bindFailures.increment();
            w.state = WorkerState.UNBOUND;
            LOG.warn("{}: cannot pin to cpu{}: {}", w, cpu, e.getMessage());
        }
    }

    /** {@code CPU_DEAD} / {@code CPU_UP_CANCELED}: the O(1) part, under the mutex. */
    private void cpuGone(CpuWorkqueue cwq, List<CpuWorkqueue> waitFor) {
        switch (policy) {
            case DRAIN:
            case DRAIN_SYNC:
                Thread sleeper = null;
                cwq.lock.lock();
                try {
                    Worker w = cwq.worker;
                    if (w != null) {
                        cwq.shouldStop = true;
                        w.state = WorkerState.DRAINING;
                        sleeper = cwq.sleeper();
                        waitFor.add(cwq);
                    }
                } finally {
                    cwq.lock.unlock();
                }
                if (sleeper != null) {
                    LockSupport.unpark(sleeper); // wake_up_process(), once the lock is free
                }
                break;
            case REBIND:
                Worker w = cwq.worker;
                if (w != null) {
                    w.state = WorkerState.UNBOUND; // the offline broke its affinity; it keeps running
                }
                break;
            case TAKEOVER:
                waitFor.add(cwq);
                break;
            default:
                throw new AssertionError(policy);
        }
    }

    /**
     * The pre-patch {@code CPU_DEAD}: {@code kthread_stop()} the worker (it finishes its current work and
     * leaves the rest), then {@code take_over_work()}: move the rest to the queue of the CPU running this
     * callback. Under the workqueue's lifecycle lock, so destroy never sees work moved behind its back.
     */
    private void takeOverWork(CpuWorkqueue dead) {
        Workqueue wq = dead.wq;
        synchronized (wq.lifecycle) {
            if (wq.destroying) {
                return; // destroy drains this queue itself
            }
            Worker w = dead.worker;
            if (w != null) {
                w.stopNow = true;
                dead.wake();
                join(w);
            }
            CpuWorkqueue target = takeoverTarget(wq, dead.cpu);
            if (target == null) {
                LOG.warn("{}: no online CPU with a worker to take its work over", dead);
                return;
            }
            // Lock order dead → target: only takeover holds two queue locks, one callback at a time.
            dead.lock.lock();
            try {
                target.lock.lock();
                try {
                    int moved = dead.spliceTo(target);
                    takenOver.add(moved);
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

    private CpuWorkqueue takeoverTarget(Workqueue wq, int deadCpu) {
        CpuSet up = online;
        int here = platform.currentCpu();
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

    // ------------------------------------------------------------------ keventd

    /** The default workqueue, "events" ({@code keventd_wq}). */
    public Workqueue keventd() {
        return keventd;
    }

    /** {@code schedule_work()}. */
    public boolean scheduleWork(Work work) {
        return keventd.queue(work);
    }

    /** {@code schedule_work_on()}. */
    public boolean scheduleWorkOn(int cpu, Work work) {
        return keventd.queueOn(cpu, work);
    }

    /** {@code schedule_delayed_work()}. */
    public boolean scheduleDelayedWork(DelayedWork work, long delay, TimeUnit unit) {
        return keventd.queueDelayed(work, delay, unit);
    }

    /** {@code schedule_delayed_work_on()}. */
    public boolean scheduleDelayedWorkOn(int cpu, DelayedWork work, long delay, TimeUnit unit) {
        return keventd.queueDelayedOn(cpu, work, delay, unit);
    }

    /** {@code flush_scheduled_work()}. */
    public void flushScheduledWork() {
        keventd.flush();
    }

    /** {@code schedule_on_each_cpu()}: runs {@code function} once on every online CPU's keventd and waits. */
    public void scheduleOnEachCpu(WorkFunction function) {
        CpuSet cpus = online;
        for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            keventd.queueOn(cpu, new Work(function));
        }
        keventd.flush();
    }

    /** {@code current_is_keventd()}. */
    public boolean currentIsKeventd() {
        Worker w = currentWorker.get();
        return w != null && w.cwq.wq == keventd;
    }

    // ------------------------------------------------------------------ freezer

    /**
     * Freezes the workers of freezeable workqueues at their next work boundary ({@code try_to_freeze()})
     * and waits until all are frozen, up to 20 s as the kernel's freezer does.
     *
     * @throws IllegalStateException if some worker did not freeze in time (the freeze is undone)
     */
    public void freeze() {
        try {
            if (!freezer.freeze(20, TimeUnit.SECONDS)) {
                freezer.thaw();
                throw new IllegalStateException("freezing of workqueue threads failed after 20 s");
            }
        } catch (InterruptedException e) {
            freezer.thaw();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while freezing", e);
        }
    }

    /** Lets frozen workers go on. */
    public void thaw() {
        freezer.thaw();
    }

    /** How many freezeable workers are frozen now. */
    public int frozenWorkers() {
        return freezer.frozenCount();
    }

    // ------------------------------------------------------------------ worker bookkeeping

    void workerStarted(Worker w) {
        currentWorker.set(w);
        liveWorkers.add(w);
        if (w.cwq.wq.isFreezeable()) {
            freezer.register(w);
        }
    }

    void workerExited(Worker w) {
        currentWorker.remove();
        liveWorkers.remove(w);
        if (w.cwq.wq.isFreezeable()) {
            freezer.unregister(w);
        }
    }

    // ------------------------------------------------------------------ introspection

    public CpuPlatform platform() {
        return platform;
    }

    public HotplugPolicy policy() {
        return policy;
    }

    public CpuSet possibleCpus() {
        return possible;
    }

    /** {@code cpu_populated_map}: every CPU that was online at start or has been prepared since. */
    public CpuSet populatedCpus() {
        return populated.get();
    }

    /** The online CPUs as this system's callbacks have seen them (set at CPU_ONLINE, cleared at CPU_DEAD). */
    public CpuSet onlineCpus() {
        return online;
    }

    /** {@code embryonic_cpu}: the CPU between CPU_UP_PREPARE and the next action, or -1. */
    public int embryonicCpu() {
        workqueueMutex.lock();
        try {
            return embryonicCpu;
        } finally {
            workqueueMutex.unlock();
        }
    }

    /** {@code singlethread_cpu}: the first possible CPU. */
    public int singlethreadCpu() {
        return singlethreadCpu;
    }

    /** The multi-threaded workqueues (the kernel's {@code workqueues} list), keventd included. */
    public List<Workqueue> workqueues() {
        workqueueMutex.lock();
        try {
            return List.copyOf(workqueues);
        } finally {
            workqueueMutex.unlock();
        }
    }

    /** Worker threads alive now, across every workqueue of this system. */
    public int liveWorkerCount() {
        return liveWorkers.size();
    }

    /** Worker threads alive now whose workqueue is {@code wq}. */
    public int liveWorkerCount(Workqueue wq) {
        int n = 0;
        for (Worker w : liveWorkers) {
            n += w.cwq.wq == wq ? 1 : 0;
        }
        return n;
    }

    /** Whether the calling thread is a worker of {@code wq}. */
    public boolean currentIsWorkerOf(Workqueue wq) {
        Worker w = currentWorker.get();
        return w != null && w.cwq.wq == wq;
    }

    /** Times {@code run_workqueue()} nested deeper than 3 (S11's warning). */
    public long runDepthWarnings() {
        return runDepthWarnings.sum();
    }

    /** Times pinning a worker failed (it then ran unbound). */
    public long bindFailures() {
        return bindFailures.sum();
    }

    /** Work functions that threw. */
    public long workFailures() {
        return workFailures.sum();
    }

    /** Works moved by {@link HotplugPolicy#TAKEOVER}. */
    public long takenOverWorks() {
        return takenOver.sum();
    }

    /** {@code migrate_sequence}: bumped by every takeover. */
    public long migrateSequence() {
        return migrateSequence.get();
    }

    /** Delayed works whose timer fired after their workqueue was destroyed (dropped). */
    public long droppedTimers() {
        return droppedTimers.sum();
    }

    /** Delay timers armed now. */
    public int armedTimers() {
        return timer.armedCount();
    }

    @Override
    public String toString() {
        return "WorkqueueSystem[" + policy.cliName() + " on " + platform.name() + "]";
    }
}
