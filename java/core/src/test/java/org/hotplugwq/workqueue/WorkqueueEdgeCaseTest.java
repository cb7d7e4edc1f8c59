package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The edges of the core that mutation testing found unguarded (README, "Mutation testing"): return values,
 * refusals, the threads a system makes and leaves behind, failures while making them, the observer's record, and
 * the state a caller keeps (its interrupt). Each test names what it guards; none depends on timing.
 */
class WorkqueueEdgeCaseTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** How long an idle worker may take to go to sleep (a spinning one never does). */
    private static final Duration PARK_LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    /** A thread factory that keeps every thread it made and every exception that escaped one. */
    private static final class RecordingFactory implements ThreadFactory {
        final List<Thread> made = new CopyOnWriteArrayList<>();
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r);
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            made.add(t);
            return t;
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            made.forEach(t -> names.add(t.getName()));
            return names;
        }
    }

    private static Work blocker(CountDownLatch started, CountDownLatch gate) {
        return new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        });
    }

    // ------------------------------------------------------------------ threads and lifecycle

    @Test
    void everyThreadIsANamedDaemon_andCloseDestroysEverythingAndEndsEveryThread() {
        SimMachine m = new SimMachine(2);
        RecordingFactory threads = new RecordingFactory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .threadFactory(threads).build()));
        Workqueue wq = sys.createWorkqueue("named");
        Workqueue single = sys.createSinglethreadWorkqueue("named-single");
        assertThat(threads.names()).containsExactlyInAnyOrder(
                "wq-timer", "events/0", "events/1", "named/0", "named/1", "named-single");
        assertThat(threads.made).allMatch(Thread::isDaemon);
        assertThat(sys.liveWorkerCount()).isEqualTo(5);
        assertThat(wq.system()).isSameAs(sys);
        assertThat(sys.policy()).isEqualTo(HotplugPolicy.DRAIN);
        assertThat(wq.isDestroying()).isFalse();

        TestThreads.bounded("close", sys::close);
        assertThat(threads.made).noneMatch(Thread::isAlive);
        assertThat(List.of(wq, single, sys.keventd())).allMatch(Workqueue::isDestroyed);
        assertThat(wq.isDestroying()).isTrue();
        assertThat(sys.liveWorkerCount()).isZero();
        TestThreads.bounded("second close", sys::close); // nothing left to do
        TestThreads.bounded("the timer answers after close", () -> assertThat(sys.armedTimers()).isZero());
        assertThat(threads.uncaught).isEmpty();
    }

    /**
     * A CPU_UP_PREPARE whose thread could not start answers BAD and leaves the queue's lock free: another thread can
     * still queue there (the work waits, stranded, for the CPU or the destroy).
     */
    @Test
    void aWorkerThatCouldNotStartLeavesItsQueueUnlocked() {
        SimMachine m = new SimMachine(2);
        AtomicBoolean failStart = new AtomicBoolean();
        ThreadFactory threads = r -> new Thread(r) {
            @Override
            public void start() {
                if (failStart.get()) {
                    throw new OutOfMemoryError("unable to create native thread (test)");
                }
                super.start();
            }
        };
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).threadFactory(threads).build()));
        m.offline(1);
        await().atMost(LIMIT).until(() -> sys.keventd().workerThread(1) == null); // drained and gone: none to reuse
        failStart.set(true);
        assertThat(m.online(1)).as("refused: keventd has no thread for cpu1").isFalse();
        failStart.set(false);
        Work w = new Work(x -> { });
        assertThat(res.call("queuer", () -> sys.keventd().queueOn(1, w))).succeedsWithin(LIMIT).isEqualTo(true);
        assertThat(w.isPending()).isTrue();
    }

    /** Close waits (for barriers, threads) uninterruptibly, as the kernel does, and leaves the interrupt set. */
    @Test
    void closeAndFlushKeepTheCallersInterrupt() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("interrupted");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, blocker(started, gate));
        TestThreads.await(started, "the work started");
        res.run("opener", () -> { // opens the gate once the flush below waits for it
            await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 1);
            gate.countDown();
        });
        Thread.currentThread().interrupt();
        boolean afterFlush;
        boolean afterClose;
        try {
            wq.flush();
            afterFlush = Thread.currentThread().isInterrupted();
            sys.close();
        } finally {
            afterClose = Thread.interrupted();
        }
        assertThat(afterFlush).as("interrupt kept by flush").isTrue();
        assertThat(afterClose).as("interrupt kept by close").isTrue();
        assertThat(sys.keventd().isDestroyed()).isTrue();
    }

    @Test
    void aFailedCreateLeavesNoThreadAndSaysWhy() {
        SimMachine m = new SimMachine(4);
        AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);
        IllegalStateException refused = new IllegalStateException("no more threads (test)");
        AtomicReference<Boolean> failStart = new AtomicReference<>(false);
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).threadFactory(r -> {
            if (allowed.decrementAndGet() >= 0) {
                return new Thread(r);
            }
            if (!failStart.get()) {
                throw refused;
            }
            return new Thread(r) { // made, but cannot start: what an exhausted machine does
                @Override
                public void start() {
                    throw new OutOfMemoryError("unable to create native thread (test)");
                }
            };
        }).build()));
        int before = sys.liveWorkerCount();
        allowed.set(2); // two of the four workers are made, the third is refused
        assertThatThrownBy(() -> sys.createWorkqueue("refused"))
                .isInstanceOf(IllegalStateException.class).cause().isSameAs(refused);
        assertThat(sys.liveWorkerCount()).isEqualTo(before);
        assertThat(sys.workqueues()).extracting(Workqueue::name).doesNotContain("refused");

        failStart.set(true);
        allowed.set(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TestThreads.bounded("create, failing to start a thread", () -> {
            try {
                sys.createWorkqueue("unstartable");
            } catch (IllegalStateException e) {
                failure.set(e);
            }
        });
        assertThat(failure.get()).hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThat(sys.liveWorkerCount()).isEqualTo(before);
        allowed.set(Integer.MAX_VALUE);
        Workqueue later = sys.createWorkqueue("later"); // the system is still whole
        AtomicInteger ran = new AtomicInteger();
        later.queueOn(3, new Work(w -> ran.incrementAndGet()));
        later.flush();
        assertThat(ran).hasValue(1);
    }

    /** A worker that dies of an out-of-memory error leaves its queue thread-less: destroy still runs its work. */
    @Test
    void destroyDrainsTheQueueOfAWorkerThatDied() {
        SimMachine m = new SimMachine(2);
        RecordingFactory threads = new RecordingFactory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .threadFactory(threads).failureHandler((q, cpu, work, failure) -> { }).build()));
        Workqueue wq = sys.createWorkqueue("dying");
        Thread dying = wq.workerThread(1);
        wq.queueOn(1, new Work(w -> {
            throw new OutOfMemoryError("test: the worker dies of it");
        }));
        TestThreads.join(dying);
        assertThat(threads.uncaught).singleElement().isInstanceOf(OutOfMemoryError.class);
        AtomicInteger ran = new AtomicInteger();
        TestThreads.bounded("queue after the death", () -> wq.queueOn(1, new Work(w -> ran.incrementAndGet())));
        TestThreads.bounded("destroy", wq::destroy);
        assertThat(ran).hasValue(1);
        assertThat(sys.liveWorkerCount(wq)).isZero();
        assertThat(sys.stats().workFailures()).isEqualTo(1);
    }

    @Test
    void aFailedBindIsCountedAndTheWorkerRunsUnbound() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("unbindable");
        m.offline(1);
        await().atMost(LIMIT).until(() -> wq.workerThread(1) == null);
        sys.onCpuAction(CpuAction.CPU_UP_PREPARE, 1);
        sys.onCpuAction(CpuAction.CPU_ONLINE, 1); // the platform still has cpu1 down: sched_setaffinity fails
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.UNBOUND);
        assertThat(sys.stats().bindFailures()).isEqualTo(2); // keventd's worker and ours
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(1, new Work(w -> ran.incrementAndGet()));
        wq.flush();
        assertThat(ran).hasValue(1);
        m.platform.setOnline(1, true);
    }

    /** An idle worker sleeps, also while freezeable workers freeze; it never spins on its empty queue. */
    @Test
    void idleWorkersSleep_alsoWhileTheFreezerRuns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("idle");
        Workqueue freezeable = sys.createFreezeableWorkqueue("idle-freezeable");
        List<Thread> idle = List.of(wq.workerThread(0), wq.workerThread(1), freezeable.workerThread(0));
        await().atMost(PARK_LIMIT).until(() -> idle.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
        sys.freeze();
        try {
            assertThat(sys.frozenWorkers()).isEqualTo(1);
            await().atMost(PARK_LIMIT).until(() -> wq.workerThread(0).getState() == Thread.State.WAITING
                    && wq.workerThread(1).getState() == Thread.State.WAITING);
        } finally {
            sys.thaw();
        }
    }

    // ------------------------------------------------------------------ freezer

    @Test
    void freezeGivesUpAfterItsTimeout_andAnInterruptedFreezeIsUndone() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue freezeable = sys.createFreezeableWorkqueue("busy-freezeable");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        freezeable.queue(blocker(started, gate));
        TestThreads.await(started, "the work started");
        // mid-work, the worker cannot freeze: the freezer gives up after its timeout
        CompletableFuture<Boolean> frozen = res.call("freeze", () -> sys.freezer.freeze(50, TimeUnit.MILLISECONDS));
        assertThat(TestThreads.get(frozen, "freeze")).isFalse();
        sys.thaw();

        Thread.currentThread().interrupt();
        boolean stillInterrupted;
        try {
            assertThatThrownBy(sys::freeze).isInstanceOf(IllegalStateException.class).hasMessageContaining("interrupt");
        } finally {
            stillInterrupted = Thread.interrupted();
        }
        assertThat(stillInterrupted).isTrue();
        gate.countDown();
        AtomicInteger ran = new AtomicInteger();
        freezeable.queue(new Work(w -> ran.incrementAndGet()));
        TestThreads.bounded("flush after the undone freeze", freezeable::flush); // not frozen: it runs
        assertThat(ran).hasValue(1);
    }

    @Test
    void aDestroyedFreezeableWorkqueuesWorkerLeavesTheFreezer() {
        SimMachine m = new SimMachine(2);
        RecordingFactory threads = new RecordingFactory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .threadFactory(threads).build()));
        Workqueue freezeable = sys.createFreezeableWorkqueue("gone-freezeable");
        TestThreads.bounded("destroy", freezeable::destroy);
        // no freezeable worker is left: a freeze has nothing to wait for
        AtomicReference<Boolean> frozen = new AtomicReference<>();
        TestThreads.bounded("freeze", () -> frozen.set(sys.freezer.freeze(0, TimeUnit.NANOSECONDS)));
        assertThat(frozen).hasValue(true);
        TestThreads.bounded("thaw", sys::thaw);
        assertThat(threads.uncaught).isEmpty();
    }

    // ------------------------------------------------------------------ return values and refusals

    @Test
    void queueingReturnsFalseWhilePending_onEveryEntryPoint() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("pending");
        m.platform.bindThread(m.platform.currentThreadId(), 0); // "this CPU" is cpu0
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch gate = res.gate();
        sys.keventd().queueOn(0, blocker(started, gate)); // both workers of cpu0 busy: what is queued stays
        wq.queueOn(0, blocker(started, gate));
        TestThreads.await(started, "cpu0 busy");
        Work scheduled = new Work(w -> { });
        assertThat(sys.scheduleWork(scheduled)).isTrue();
        assertThat(sys.scheduleWork(scheduled)).isFalse();
        DelayedWork delayed = new DelayedWork(w -> { });
        assertThat(sys.scheduleDelayedWork(delayed, 1, TimeUnit.HOURS)).isTrue();
        assertThat(sys.scheduleDelayedWork(delayed, 1, TimeUnit.HOURS)).isFalse();
        assertThat(delayed.cancel()).isTrue();
        assertThat(wq.queueDelayed(delayed, 1, TimeUnit.HOURS)).isTrue();
        assertThat(wq.queueDelayed(delayed, 1, TimeUnit.HOURS)).isFalse();
        assertThat(delayed.cancel()).isTrue();
        Work queued = new Work(w -> { });
        assertThat(wq.queue(queued)).isTrue();
        assertThat(wq.pendingCount(0)).isEqualTo(1);
        assertThat(wq.flushWork(queued)).as("taken off its queue").isTrue();
        assertThat(wq.flushWork(queued)).as("no longer pending").isFalse();
    }

    @Test
    void flushWorkOfARunningWorkReportsNothingTakenOff() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("running");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        Work running = blocker(started, gate);
        wq.queueOn(1, running);
        TestThreads.await(started, "the work started");
        CompletableFuture<Boolean> removed = res.call("flush-work", () -> wq.flushWork(running));
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 1 || removed.isDone());
        gate.countDown();
        assertThat(TestThreads.get(removed, "flush_work")).isFalse();
    }

    @Test
    void aDestroyedWorkqueueRefusesWork_andCpusOutOfRangeAreRefused() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("refusing");
        Work work = new Work(w -> { });
        assertThatThrownBy(() -> wq.queueOn(2, work)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wq.queueOn(-1, work)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wq.queueDelayedOn(2, new DelayedWork(w -> { }), 1, TimeUnit.HOURS))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        wq.destroy();
        assertThatThrownBy(() -> wq.queue(new Work(w -> { }))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> wq.queueOn(0, new Work(w -> { }))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> wq.queueDelayed(new DelayedWork(w -> { }), 1, TimeUnit.HOURS))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> wq.queueDelayedOn(1, new DelayedWork(w -> { }), 0, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class);
        assertThat(sys.armedTimers()).isZero();
    }

    @Test
    void policiesAreKnownByTheirCommandLineNames() {
        assertThat(HotplugPolicy.TAKEOVER.cliName()).isEqualTo("takeover");
        assertThat(HotplugPolicy.DRAIN.cliName()).isEqualTo("drain");
        assertThat(HotplugPolicy.DRAIN_SYNC.cliName()).isEqualTo("drain-sync");
        assertThat(HotplugPolicy.REBIND.cliName()).isEqualTo("rebind");
        for (HotplugPolicy p : HotplugPolicy.values()) {
            assertThat(HotplugPolicy.fromCliName(p.cliName())).isSameAs(p);
            assertThat(HotplugPolicy.fromCliName(p.cliName().toUpperCase())).isSameAs(p);
            assertThat(HotplugPolicy.fromCliName(p.name().toLowerCase())).isSameAs(p);
        }
        assertThatThrownBy(() -> HotplugPolicy.fromCliName("eager"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takeover, drain, drain-sync, rebind");
    }

    // ------------------------------------------------------------------ where work goes

    /** A delayed work goes to the CPU asked for, or to the CPU that armed it; a dead CPU's timer to an online one. */
    @Test
    void delayedWorkGoesToItsCpu_orTheArmingCpu_orTheFirstOnlineOneWhenItsCpuIsDead() throws Exception {
        SimMachine m = new SimMachine(3);
        Map<Work, Integer> queueCpu = new ConcurrentHashMap<>();
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN, r -> queueCpu.put(r.work(), r.queueCpu())));
        Workqueue wq = sys.createWorkqueue("delayed-cpus");
        m.platform.bindThread(m.platform.currentThreadId(), 1); // "this CPU" is cpu1
        DelayedWork onZero = new DelayedWork(w -> { });
        DelayedWork onZeroNow = new DelayedWork(w -> { });
        DelayedWork here = new DelayedWork(w -> { });
        wq.queueDelayedOn(0, onZero, 1, TimeUnit.MILLISECONDS);
        wq.queueDelayedOn(0, onZeroNow, 0, TimeUnit.MILLISECONDS);
        wq.queueDelayed(here, 1, TimeUnit.MILLISECONDS);
        await().atMost(LIMIT).until(() -> queueCpu.size() == 3);
        assertThat(queueCpu).containsEntry(onZero, 0).containsEntry(onZeroNow, 0).containsEntry(here, 1);

        m.offline(0);
        m.offline(2);
        DelayedWork onDead = new DelayedWork(w -> { });
        wq.queueDelayedOn(2, onDead, 1, TimeUnit.MILLISECONDS); // fires with cpu2 dead: goes to cpu1
        await().atMost(LIMIT).until(() -> queueCpu.containsKey(onDead));
        assertThat(queueCpu).containsEntry(onDead, 1);
    }

    /** Takeover moves a dead CPU's work to the queue of the CPU running the callback when it has a worker. */
    @Test
    void takeover_movesWorkToTheCallbacksCpu() {
        SimMachine m = new SimMachine(4);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.TAKEOVER));
        Workqueue wq = sys.createWorkqueue("takeover-here");
        assertThat(takeOver(m, sys, wq, 2)).containsOnly(2);
    }

    /**
     * ...else to the first online CPU with a worker: here the callback runs on a CPU the kernel brought up but this
     * system has not heard of yet, so its queue has no worker.
     */
    @Test
    void takeover_movesWorkToTheFirstOnlineCpuWhenTheCallbacksCpuHasNoWorker() {
        SimMachine m = new SimMachine(4);
        m.platform.setOnline(2, false);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.TAKEOVER));
        Workqueue wq = sys.createWorkqueue("takeover-first");
        m.platform.setOnline(2, true); // no CPU_UP_PREPARE yet: no worker for cpu2
        assertThat(wq.workerThread(2)).isNull();
        assertThat(takeOver(m, sys, wq, 2)).containsOnly(0);
    }

    /** ...past online CPUs whose queue has no worker: cpu0's died of an Error, and no thread could replace it. */
    @Test
    void takeover_movesWorkPastOnlineCpusWithoutAWorker() {
        SimMachine m = new SimMachine(4);
        AtomicBoolean refuse = new AtomicBoolean();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.TAKEOVER)
                .threadFactory(r -> {
                    if (refuse.get()) {
                        throw new IllegalStateException("no more threads (test)");
                    }
                    Thread t = new Thread(r);
                    t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e)); // kept off the test JVM's stderr
                    return t;
                }).build()));
        Workqueue wq = sys.createWorkqueue("takeover-past");
        Thread cpu0 = wq.workerThread(0);
        refuse.set(true);
        wq.queueOn(0, new Work(w -> {
            throw new OutOfMemoryError("test: the worker dies of it");
        }));
        await().atMost(LIMIT).until(() -> !cpu0.isAlive());
        assertThat(uncaught).singleElement().isInstanceOf(OutOfMemoryError.class);
        assertThat(wq.workerThread(0)).isNull();
        refuse.set(false);
        assertThat(takeOver(m, sys, wq, 0)).containsOnly(1);
    }

    /** Offlines cpu3 with five works pending behind a running one, from a thread on {@code callbackCpu}. */
    private List<Integer> takeOver(SimMachine m, WorkqueueSystem sys, Workqueue wq, int callbackCpu) {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(3, blocker(started, gate));
        TestThreads.await(started, "cpu3 busy");
        Map<Work, Integer> ran = new ConcurrentHashMap<>();
        List<Work> moved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Work w = new Work(x -> ran.put(x, sys.platform().currentCpu()));
            moved.add(w);
            wq.queueOn(3, w);
        }
        Worker dying = wq.cpuQueue(3).worker;
        CompletableFuture<Void> offline = res.run("offline-from-cpu" + callbackCpu, () -> {
            m.platform.bindThread(m.platform.currentThreadId(), callbackCpu);
            m.offline(3);
        });
        await().atMost(LIMIT).until(() -> dying.stopNow || offline.isDone()); // in kthread_stop(): let it end
        gate.countDown();
        TestThreads.get(offline, "CPU_DEAD");
        await().atMost(LIMIT).until(() -> ran.size() == 5);
        List<Integer> cpus = new ArrayList<>();
        moved.forEach(w -> cpus.add(ran.get(w)));
        return cpus;
    }

    @Test
    void aCpuPreparedLaterJoinsCpuPopulatedMap() {
        SimMachine m = new SimMachine(3);
        m.platform.setOnline(2, false);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        assertThat(sys.populatedCpus().contains(2)).isFalse();
        m.online(2);
        assertThat(sys.populatedCpus().contains(2)).isTrue();
    }

    // ------------------------------------------------------------------ S11's depth warning, the observer

    @Test
    void S11_runDepthWarnsOnlyPastDepth3_andDepthComesBackDown() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("depth");
        for (int i = 0; i < 8; i++) { // ordinary runs, one after the other: depth goes back to 0 each time
            wq.queue(new Work(w -> { }));
            wq.flush();
        }
        nest(wq, 3);
        assertThat(sys.stats().runDepthWarnings()).as("depth 3 is allowed").isZero();
        nest(wq, 4);
        assertThat(sys.stats().runDepthWarnings()).as("depth 4 warns once").isEqualTo(1);
    }

    /** A work at depth 1 that queues the next and flushes its own queue, down to {@code depth}. */
    private static void nest(Workqueue wq, int depth) {
        CountDownLatch done = new CountDownLatch(1);
        wq.queue(nestedWork(wq, 1, depth, done));
        TestThreads.await(done, "the nested runs");
        wq.flush(); // the outer levels unwind first: the next nest must not be run inline by this one's level 1
    }

    private static Work nestedWork(Workqueue wq, int level, int depth, CountDownLatch done) {
        return new Work(w -> {
            if (level < depth) {
                wq.queue(nestedWork(wq, level + 1, depth, done));
                wq.flush();
            } else {
                done.countDown();
            }
        });
    }

    @Test
    void theObserverSeesWhenAWorkWasQueuedAndWhatItThrew() {
        SimMachine m = new SimMachine(2);
        Map<String, Long> queuedAt = new ConcurrentHashMap<>();
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        AtomicLong started = new AtomicLong();
        List<String> handled = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .failureHandler((q, cpu, work, failure) -> handled.add(failure.getMessage()))
                .policy(HotplugPolicy.DRAIN)
                .observer(r -> {
                    String name = r.failure() == null ? "ok" : "failed";
                    queuedAt.put(name, r.queuedNanos());
                    started.set(r.startNanos());
                    if (r.failure() != null) {
                        failures.put(name, r.failure());
                    }
                }).build()));
        Workqueue wq = sys.createWorkqueue("observed");
        long before = System.nanoTime();
        wq.queueOn(1, new Work(w -> { }));
        wq.flush();
        assertThat(queuedAt.get("ok")).isBetween(before, started.get());
        IllegalStateException boom = new IllegalStateException("boom (test)");
        wq.queueOn(1, new Work(w -> {
            throw boom;
        }));
        wq.flush();
        assertThat(failures.get("failed")).isSameAs(boom);
        assertThat(handled).containsExactly("boom (test)");
    }
}
