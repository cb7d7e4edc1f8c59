package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.jfr.WrongCpuEvent;
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
 * <p>The same core runs the other moments of that history ({@link HotplugPolicy}, each a {@link HotplugStrategy}
 * that the hotplug callback, {@link CpuHotplugCallback}, consults): TAKEOVER (before the patch), DRAIN_SYNC (as
 * merged: the callback waits for the drain) and REBIND (workers never exit). Where a policy must wait — for a
 * thread to stop or drain — it waits outside the mutex, so S1 holds under every policy; this is the one place
 * the TAKEOVER policy differs from the pre-patch kernel, which held {@code workqueue_mutex} from
 * {@code CPU_DOWN_PREPARE} to {@code CPU_DEAD}.
 *
 * <p>Threads: every worker is a platform thread. What each lock guards, and their order, is the package's
 * locking legend ({@code package-info.java}); each shared field below carries its tag.
 *
 * <h2>Usage</h2>
 * On Linux, {@code org.hotplugwq.LinuxWorkqueues.open()} builds a system, its hotplug bridge and event source in
 * a safe order, and closes them all (README, "Java API"). Wired by hand, a system hears hotplug only once it is
 * registered with a {@code HotplugBridge} that an event source feeds:
 * <pre>{@code
 * CpuPlatform platform = LinuxCpuPlatform.create();
 * try (WorkqueueSystem system = WorkqueueSystem.builder(platform).policy(HotplugPolicy.DRAIN).build();
 *      HotplugBridge bridge = new HotplugBridge(system.onlineView());   // one snapshot of the online CPUs
 *      HotplugEventSource source = EventSourceKind.UEVENT.open(CpuSysfs.system(), bridge,
 *              Duration.ofMillis(1), UeventListener.DEFAULT_RESYNC, System.err::println)) {
 *     bridge.register(system);                         // before the source starts: no action is lost
 *     source.start();                                  // CPU_* actions now arrive through onCpuAction
 *     Workqueue wq = system.createWorkqueue("kblockd");
 *     Work work = new Work(w -> handle());             // allocate once, queue many times
 *     wq.queue(work);                                  // false if still pending
 *     wq.flush();                                      // everything queued before has run
 *     wq.destroy();
 * }                                                    // closed in reverse: source, bridge, system
 * }</pre>
 */
public final class WorkqueueSystem implements CpuNotifier, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkqueueSystem.class);

    final CpuPlatform platform;
    private final HotplugPolicy policy;
    final HotplugStrategy strategy;
    final ExecutionObserver observer; // null: no clock read, no CPU sampled
    private final ExecutionObserver observerWithEvents; // while recorded: JFR's WrongCpu events, then observer
    final WorkFailureHandler failureHandler;
    final ThreadFactory threadFactory;
    final WorkerListener workerListener;
    private final CpuSet possible;
    private final int singlethreadCpu;
    private final int cpuSlots;
    private final CpuHotplugCallback callback;
    private final Duration freezeTimeout;

    final ReentrantLock workqueueMutex = new ReentrantLock(); // workqueue_mutex [M]
    final List<Workqueue> workqueues = new ArrayList<>();    // the workqueues list, keventd included [M]
    private int embryonicCpu = -1;                            // embryonic_cpu [M]
    /** {@code cpu_populated_map} [V]: grown by CAS, by the hotplug callback [H][M] and by queuing to a new CPU. */
    private final AtomicReference<CpuSet> populated = new AtomicReference<>();
    /** {@code cpu_online_map} as our callbacks saw it [V]: written under [H][M], read lock-free. */
    private volatile CpuSet online;

    final DelayedWorkTimer timer;
    final Freezer freezer = new Freezer();
    final Waits waits = new Waits(this);
    final WorkqueueStats.Counters counters = new WorkqueueStats.Counters();
    private final ThreadLocal<Worker> currentWorker = new ThreadLocal<>(); // each worker's own, set by itself
    private final Set<Worker> liveWorkers = ConcurrentHashMap.newKeySet(); // [V] concurrent set
    private final Set<Workqueue> existing = ConcurrentHashMap.newKeySet(); // [V] for close(): singles are not listed
    private final Workqueue keventd;
    private volatile boolean closing; // [V] set once, when close() starts
    private volatile boolean closed; // [V] set once by close()

    private WorkqueueSystem(Builder b) {
        this.platform = b.platform;
        this.policy = b.policy;
        this.strategy = policy.newStrategy(this);
        this.observer = b.observer;
        this.observerWithEvents = new WrongCpuEvents(b.observer);
        this.failureHandler = b.failureHandler;
        this.threadFactory = b.threadFactory;
        this.workerListener = b.workerListener;
        this.freezeTimeout = b.freezeTimeout;
        this.possible = platform.possibleCpus();
        if (possible.isEmpty()) {
            throw new IllegalArgumentException("the platform reports no possible CPU");
        }
        this.cpuSlots = possible.last() + 1;
        this.singlethreadCpu = possible.first(); // first_cpu(cpu_possible_map)
        CpuSet up = platform.onlineCpus().intersect(possible);
        this.online = up;
        this.populated.set(up); // init_workqueues(): cpu_populated_map = cpu_online_map
        this.callback = new CpuHotplugCallback(this, strategy);
        this.timer = new DelayedWorkTimer(this, threadFactory);
        this.keventd = createWorkqueue(b.keventdName); // keventd_wq
    }

    /**
     * {@code init_workqueues()}: a system on {@code platform}; the default policy is {@link HotplugPolicy#DRAIN}.
     * Register the built system for hotplug ({@code HotplugBridge.register}): the bridge then sends it the actions
     * of transitions made between {@code build()} and the registration ({@link #onlineView()}).
     *
     * @throws NullPointerException if {@code platform} is null
     */
    public static Builder builder(CpuPlatform platform) {
        return new Builder(platform);
    }

    /** Options of a {@link WorkqueueSystem}. */
    public static final class Builder {
        private final CpuPlatform platform;
        private HotplugPolicy policy = HotplugPolicy.DRAIN;
        private ExecutionObserver observer;
        private WorkFailureHandler failureHandler = WorkFailureHandler.logging();
        private ThreadFactory threadFactory = Thread::new;
        private String keventdName = "events";
        private WorkerListener workerListener;
        private Duration freezeTimeout = Duration.ofSeconds(20);

        private Builder(CpuPlatform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
        }

        /**
         * What hotplug does to the workers (README, "The four hotplug policies"); {@link HotplugPolicy#DRAIN} if not
         * set.
         *
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder policy(HotplugPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Told of every executed work; null (the default) costs nothing. */
        public Builder observer(ExecutionObserver observer) {
            this.observer = observer;
            return this;
        }

        /**
         * Told of every work function that threw; the default logs it ({@link WorkFailureHandler#logging()}).
         *
         * @throws NullPointerException if {@code failureHandler} is null
         */
        public Builder failureHandler(WorkFailureHandler failureHandler) {
            this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler");
            return this;
        }

        /** Told of every worker thread when it starts (its tid); null (the default) costs nothing. */
        public Builder workerListener(WorkerListener workerListener) {
            this.workerListener = workerListener;
            return this;
        }

        /**
         * Makes the worker and timer threads, and the finishing thread of {@link Workqueue#destroyWithin} (names
         * and daemon status are set by the system); {@code Thread::new} if not set.
         *
         * @throws NullPointerException if {@code threadFactory} is null
         */
        public Builder threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
            return this;
        }

        /**
         * The name of keventd's workqueue and so of its threads; {@code "events"} if not set (several systems in
         * one process tell their threads apart by it).
         *
         * @throws NullPointerException if {@code name} is null
         */
        public Builder keventdName(String name) {
            this.keventdName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * How long {@link WorkqueueSystem#freeze()} waits for the freezeable workers to freeze before it gives up and
         * undoes the freeze; 20 s if not set, as the kernel's freezer ({@code freeze_processes()}).
         *
         * @throws NullPointerException     if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder freezeTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("freeze timeout must be positive, got " + timeout);
            }
            Duration longest = Duration.ofNanos(Long.MAX_VALUE); // what a wait in nanoseconds can hold
            this.freezeTimeout = timeout.compareTo(longest) > 0 ? longest : timeout;
            return this;
        }

        /**
         * Starts the system: its timer thread and keventd's workers, one per online CPU.
         *
         * @throws IllegalArgumentException if the platform reports no possible CPU
         * @throws IllegalStateException    if a worker thread cannot be created
         */
        public WorkqueueSystem build() {
            return new WorkqueueSystem(this);
        }
    }

    // ------------------------------------------------------------------ creation and destruction

    /**
     * {@code create_workqueue()}: one worker per online CPU, driven by hotplug.
     *
     * @throws NullPointerException  if {@code name} is null
     * @throws IllegalStateException as {@link #createWorkqueue(String, boolean, boolean)}
     */
    public Workqueue createWorkqueue(String name) {
        return createWorkqueue(name, false, false);
    }

    /**
     * {@code create_singlethread_workqueue()}: one unbound worker, on {@code singlethread_cpu}'s queue.
     *
     * @throws NullPointerException  if {@code name} is null
     * @throws IllegalStateException as {@link #createWorkqueue(String, boolean, boolean)}
     */
    public Workqueue createSinglethreadWorkqueue(String name) {
        return createWorkqueue(name, true, false);
    }

    /**
     * {@code create_freezeable_workqueue()}: single-threaded, and its worker stops at {@link #freeze()}.
     *
     * @throws NullPointerException  if {@code name} is null
     * @throws IllegalStateException as {@link #createWorkqueue(String, boolean, boolean)}
     */
    public Workqueue createFreezeableWorkqueue(String name) {
        return createWorkqueue(name, true, true);
    }

    /**
     * {@code __create_workqueue()}.
     *
     * @param name           names its threads: {@code name/cpu}, or {@code name} when single-threaded (the name
     *                       cut so that the whole fits the kernel's 15 characters, the CPU always kept)
     * @param singleThreaded one unbound worker on {@code singlethread_cpu}'s queue instead of one per CPU
     * @param freezeable     its worker stops at {@link #freeze()}; only with {@code singleThreaded}, as in 2.6.22
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code freezeable} but not {@code singleThreaded}: a frozen per-CPU worker
     *                                  would block a draining {@code CPU_DEAD} until the thaw
     * @throws IllegalStateException    if the system is closed, or a worker thread cannot be created (what was
     *                                  created is destroyed)
     */
    public Workqueue createWorkqueue(String name, boolean singleThreaded, boolean freezeable) {
        Objects.requireNonNull(name, "name");
        if (freezeable && !singleThreaded) {
            throw new IllegalArgumentException("workqueue '" + name + "': a freezeable workqueue is single-threaded"
                    + " (as in Linux 2.6.22: a frozen per-CPU worker would block CPU_DEAD until the thaw)");
        }
        if (closing) {
            throw new IllegalStateException("workqueue system is closed");
        }
        Workqueue wq = new Workqueue(this, name, singleThreaded, freezeable, cpuSlots);
        existing.add(wq);
        RuntimeException failure = null;
        if (singleThreaded) {
            failure = wq.cpuQueue(singlethreadCpu).startWorker(WorkerState.SINGLE_THREAD, false);
        } else {
            workqueueMutex.lock();
            try {
                workqueues.add(wq);
                CpuSet up = online;
                for (int cpu = possible.first(); cpu >= 0 && failure == null; cpu = possible.next(cpu + 1)) {
                    boolean isOnline = up.contains(cpu);
                    if (isOnline || cpu == embryonicCpu) {
                        failure = wq.cpuQueue(cpu).startWorker(
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

    /** {@code destroy_workqueue()}: off the list, its timers fired, each queue's thread cleaned up. */
    void destroyWorkqueue(Workqueue wq) {
        startDestroy(wq);
        finishDestroy(wq);
    }

    /** The first half of destroy, which waits for nothing: off the list, its timers fired. */
    void startDestroy(Workqueue wq) {
        if (wq == keventd && !closing) {
            throw new IllegalStateException(wq + " belongs to the system: close() destroys it");
        }
        Worker self = currentWorker.get();
        if (self != null && self.cwq.wq == wq) { // before anything changes: the workqueue stays usable
            throw new IllegalStateException("destroy of " + wq + " from its own work " + self
                    + ": it would wait for itself");
        }
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
    }

    /** The second half: each queue's thread runs what is queued, then exits; waits for each. */
    void finishDestroy(Workqueue wq) {
        wq.queueCpus().forEach(cpu -> wq.cpuQueue(cpu).cleanup());
        // Work queued meanwhile on a queue whose worker had already gone: a second pass drains it. From here on a
        // queue with no worker refuses work (set before the second pass reads cpu_populated_map: see tryQueue).
        wq.refusing = true;
        wq.queueCpus().forEach(cpu -> wq.cpuQueue(cpu).cleanup());
        // A worker that finished draining on its own (DRAIN after CPU_DEAD) has left cwq->thread but may not have
        // returned yet: destroy leaves no thread of this workqueue behind, so wait for those too. They hold no
        // lock we hold and run nothing more, so the join is short.
        for (Worker w : liveWorkers) {
            if (w.cwq.wq == wq && w.thread != Thread.currentThread()) {
                w.join();
            }
        }
        existing.remove(wq);
    }

    /**
     * Destroys every workqueue left (with a warning) and keventd, and stops the timer thread. Thaws the freezer
     * first: a frozen worker would never run the barrier its destroy waits for. Later calls do nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        freezer.thaw();
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

    /**
     * The observer a worker calls after each work: the user's (null: none), or while a JFR recording wants
     * {@code WrongCpu} events one that also emits them (README, "JFR events"). One flag read, no allocation.
     */
    ExecutionObserver executionObserver() {
        return WrongCpuEvent.enabled() ? observerWithEvents : observer;
    }

    // ------------------------------------------------------------------ masks and timers

    void markPopulated(int cpu) {
        CpuSet now = populated.get();
        while (!now.contains(cpu) && !populated.compareAndSet(now, now.with(cpu))) {
            now = populated.get();
        }
    }

    /** The masks at the start of a hotplug callback, under [H][M]: the system's side of the CPU's change. */
    void cpuChanging(CpuAction action, int cpu) {
        embryonicCpu = -1;
        switch (action) {
            case CPU_UP_PREPARE:
                markPopulated(cpu);
                embryonicCpu = cpu;
                break;
            case CPU_ONLINE:
                markPopulated(cpu); // already, after a CPU_UP_PREPARE; not when this notifier missed it
                online = online.with(cpu);
                break;
            case CPU_DEAD:
                online = online.without(cpu);
                break;
            default:
                break;
        }
    }

    /** The delay timer of {@code dw} fired (called with the timer lock held [T]). */
    void timerFired(DelayedWork dw) {
        Workqueue wq = dw.timerQueue;
        if (wq.isDestroyed()) {
            dropTimer(dw, "fired on destroyed {}; dropped", wq);
            return;
        }
        int cpu = dw.timerCpu;
        while (true) {
            CpuSet up = online;
            if (!wq.isSingleThreaded() && !up.contains(cpu) && up.first() >= 0) {
                cpu = up.first(); // the kernel migrates a dead CPU's timers to a live one
            }
            int outcome = wq.cpuQueue(cpu).tryQueue(dw, up.first() >= 0);
            if (outcome == CpuWorkqueue.QUEUED) {
                return;
            }
            if (outcome == CpuWorkqueue.REFUSED) {
                dropTimer(dw, "fired so late in the destroy of {} that no worker is left; dropped", wq);
                return;
            }
            // CPU_GONE: CPU_DEAD came, and its worker drained away, since we looked: look again
        }
    }

    private void dropTimer(DelayedWork dw, String why, Workqueue wq) {
        counters.droppedTimers.increment();
        dw.releasePending();
        LOG.warn("delayed work " + why, wq);
    }

    // ------------------------------------------------------------------ hotplug

    /**
     * {@code workqueue_cpu_callback()} ({@link CpuHotplugCallback}): the notifier for the six CPU actions. Answers
     * {@link NotifyResult#BAD} to {@code CPU_UP_PREPARE} when a worker thread cannot be created, having undone its
     * own prepare; the caller then sends {@code CPU_UP_CANCELED}. Callbacks are serialised. A {@code CPU_ONLINE}
     * without its {@code CPU_UP_PREPARE} (a notifier registered in between) is taken as both.
     *
     * @throws NullPointerException     if {@code action} is null
     * @throws IllegalArgumentException if {@code cpu} is not a possible CPU
     */
    @Override
    public NotifyResult onCpuAction(CpuAction action, int cpu) {
        return callback.onCpuAction(action, cpu);
    }

    /**
     * {@link #onlineCpus()}: what {@code HotplugBridge.register} compares with its own view, to send this system
     * the actions of the transitions it missed between {@code build()} and the registration.
     */
    @Override
    public CpuSet onlineView() {
        return online;
    }

    // ------------------------------------------------------------------ keventd

    /** The default workqueue, "events" ({@code keventd_wq}). */
    public Workqueue keventd() {
        return keventd;
    }

    /**
     * {@code schedule_work()}: {@link Workqueue#queue} on keventd.
     *
     * @return false if the work was already pending
     * @throws IllegalStateException if the system is closed
     */
    public boolean scheduleWork(Work work) {
        return keventd.queue(work);
    }

    /**
     * {@code schedule_delayed_work()}: {@link Workqueue#queueDelayed} on keventd.
     *
     * @return false if the work was already pending
     * @throws NullPointerException  if {@code unit} is null
     * @throws IllegalStateException if the system is closed
     */
    public boolean scheduleDelayedWork(DelayedWork work, long delay, TimeUnit unit) {
        return keventd.queueDelayed(work, delay, unit);
    }

    /**
     * {@code schedule_delayed_work_on()}: {@link Workqueue#queueDelayedOn} on keventd.
     *
     * @return false if the work was already pending
     * @throws NullPointerException     if {@code unit} is null
     * @throws IllegalArgumentException if {@code cpu} is neither -1 nor a possible CPU
     * @throws IllegalStateException    if the system is closed
     */
    public boolean scheduleDelayedWorkOn(int cpu, DelayedWork work, long delay, TimeUnit unit) {
        return keventd.queueDelayedOn(cpu, work, delay, unit);
    }

    /**
     * {@code flush_scheduled_work()}: {@link Workqueue#flush()} of keventd.
     *
     * @throws IllegalStateException as {@link Workqueue#flush()}
     */
    public void flushScheduledWork() {
        keventd.flush();
    }

    /**
     * {@code schedule_on_each_cpu()}: runs {@code function} once on every online CPU's keventd and waits. A CPU
     * that goes down before its work is queued is skipped (the kernel holds hotplug off here).
     *
     * @throws NullPointerException  if {@code function} is null
     * @throws IllegalStateException if the system is closed, or as {@link Workqueue#flush()}
     */
    public void scheduleOnEachCpu(WorkFunction function) {
        CpuSet cpus = online;
        for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            keventd.queueOnIfUp(cpu, new Work(function)); // skips a CPU gone down since `online` was read
        }
        keventd.flush();
    }

    /** {@code current_is_keventd()}: whether the calling thread is one of keventd's workers. */
    public boolean currentIsKeventd() {
        Worker w = currentWorker.get();
        return w != null && w.cwq.wq == keventd;
    }

    // ------------------------------------------------------------------ freezer

    /**
     * Freezes the workers of freezeable workqueues at their next work boundary ({@code try_to_freeze()})
     * and waits until all are frozen, up to the builder's {@link Builder#freezeTimeout freezeTimeout} (20 s by
     * default, as the kernel's freezer).
     *
     * @throws IllegalStateException if some worker did not freeze in time (the freeze is undone), if interrupted
     *                               while waiting (the freeze is undone, the interrupt kept), or if the system is
     *                               closed
     */
    public void freeze() {
        if (closing) {
            throw new IllegalStateException("workqueue system is closed");
        }
        try {
            if (!freezer.freeze(freezeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                freezer.thaw();
                throw new IllegalStateException(String.format(Locale.ROOT, // as the kernel words it
                        "freezing of workqueue threads failed after %.2f seconds", freezeTimeout.toNanos() / 1e9));
            }
        } catch (InterruptedException e) {
            freezer.thaw();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while freezing", e);
        }
    }

    /** {@code thaw_processes()}: lets frozen workers go on; nothing happens if none is frozen. */
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

    /** The worker this thread is, or null. */
    Worker currentWorker() {
        return currentWorker.get();
    }

    void workerExited(Worker w) {
        currentWorker.remove();
        liveWorkers.remove(w);
        if (w.cwq.wq.isFreezeable()) {
            freezer.unregister(w);
        }
    }

    // ------------------------------------------------------------------ introspection

    /** The CPUs it runs on. */
    public CpuPlatform platform() {
        return platform;
    }

    /** What hotplug does to its workers. */
    public HotplugPolicy policy() {
        return policy;
    }

    /** {@code cpu_possible_map}, as the platform reported it at build: the CPUs a queue exists for. */
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

    /** The counters at this moment: work failures, bind failures, takeovers and the like. */
    public WorkqueueStats stats() {
        return counters.snapshot(strategy);
    }

    /** Delay timers armed now. */
    public int armedTimers() {
        return timer.armedCount();
    }

    /** {@code WorkqueueSystem[policy on platform]}. */
    @Override
    public String toString() {
        return "WorkqueueSystem[" + policy.cliName() + " on " + platform.name() + "]";
    }
}
