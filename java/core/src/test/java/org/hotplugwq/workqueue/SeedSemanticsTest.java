package org.hotplugwq.workqueue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** One test per seed behaviour S1–S14 (README, "Tests"), on simulated CPUs. Each fails without its behaviour. */
class SeedSemanticsTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    /** A work that signals it started, then waits for the gate. */
    private static Work blocker(CountDownLatch started, CountDownLatch gate) {
        return new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        });
    }

    private static Work counting(AtomicInteger counter) {
        return new Work(w -> counter.incrementAndGet());
    }

    @Test
    void S1_workqueueMutexGuardsOnlyTheList_workFunctionsAndNotifiersCreateAndDestroyWorkqueues() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN_SYNC));
        Workqueue wq = sys.createWorkqueue("s1");

        // A work function creates and destroys a workqueue...
        AtomicReference<String> madeInsideWork = new AtomicReference<>();
        wq.queueOn(0, new Work(w -> {
            Workqueue inner = sys.createWorkqueue("made-by-work");
            madeInsideWork.set(inner.name());
            inner.destroy();
        }));
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(madeInsideWork).hasValue("made-by-work");

        // ...even while a CPU_DEAD callback (drain-sync: it waits for the drain) is in progress and the work
        // being waited for is the one that takes the mutex.
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean createdDuringCallback = new AtomicBoolean();
        wq.queueOn(1, blocker(started, gate));
        wq.queueOn(1, new Work(w -> {
            sys.createWorkqueue("during-dead").destroy();
            createdDuringCallback.set(true);
        }));
        TestThreads.await(started, "the blocking work started");
        CompletableFuture<Void> offline = res.run("offline", () -> m.offline(1));
        await().atMost(LIMIT).until(() -> wq.workerState(1) == WorkerState.DRAINING);
        // flush and queue do not take the mutex either: they proceed while the callback is in progress
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(0, counting(ran));
        assertTimeoutPreemptively(LIMIT, () -> sys.keventd().flush());
        gate.countDown();
        assertTimeoutPreemptively(LIMIT, () -> offline.get());
        assertThat(createdDuringCallback).isTrue();

        // A hotplug notifier creates and destroys a workqueue from its callback.
        List<String> byNotifier = new ArrayList<>();
        m.register((action, cpu) -> {
            if (action == CpuAction.CPU_ONLINE) {
                Workqueue fromNotifier = sys.createWorkqueue("from-notifier-" + cpu);
                byNotifier.add(fromNotifier.name() + ":" + (fromNotifier.workerThread(cpu) != null));
                fromNotifier.destroy();
            }
            return NotifyResult.OK;
        });
        assertTimeoutPreemptively(LIMIT, () -> m.online(1));
        assertThat(byNotifier).containsExactly("from-notifier-1:true");
    }

    @Test
    void S2_cpuDeadOnlySetsShouldStopAndReturnsWithoutWaitingForPendingWork() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s2");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(1, blocker(started, gate));
        TestThreads.await(started, "the blocking work started");
        int pending = 100_000;
        for (int i = 0; i < pending; i++) {
            wq.queueOn(1, counting(ran));
        }
        m.send(CpuAction.CPU_DOWN_PREPARE, 1);
        m.platform.setOnline(1, false);
        // The worker is parked on the gate: a callback that waited for the drain could never return.
        assertTimeoutPreemptively(LIMIT, () -> sys.onCpuAction(CpuAction.CPU_DEAD, 1));
        assertThat(ran).hasValue(0);
        assertThat(wq.pendingCount(1)).isEqualTo(pending);
        assertThat(wq.shouldStop(1)).isTrue();
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.DRAINING);
        gate.countDown();
        await().atMost(LIMIT).until(() -> ran.get() == pending);
    }

    @Test
    void S3_stoppingThreadDrainsUnboundThenExits_nothingLostOrRunTwice() throws Exception {
        SimMachine m = new SimMachine(3);
        Set<Integer> startCpus = ConcurrentHashMap.newKeySet();
        Set<WorkerState> states = ConcurrentHashMap.newKeySet();
        AtomicReference<Work> blocking = new AtomicReference<>();
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN, r -> {
            if (r.queueCpu() == 2 && r.work() != blocking.get()) {
                startCpus.add(r.startCpu());
                states.add(r.state());
            }
        }));
        Workqueue wq = sys.createWorkqueue("s3");
        Thread worker = wq.workerThread(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        blocking.set(blocker(started, gate));
        wq.queueOn(2, blocking.get());
        TestThreads.await(started, "the blocking work started");
        int n = 5_000;
        AtomicInteger[] runs = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            AtomicInteger c = runs[i] = new AtomicInteger();
            wq.queueOn(2, new Work(w -> c.incrementAndGet()));
        }
        m.offline(2);
        assertThat(worker.isAlive()).isTrue();
        gate.countDown();
        await().atMost(LIMIT).until(() -> !worker.isAlive());
        assertThat(wq.workerThread(2)).isNull();
        for (AtomicInteger c : runs) {
            assertThat(c).hasValue(1);
        }
        assertThat(startCpus).doesNotContain(2); // unbound: ran on the CPUs still online
        assertThat(states).contains(WorkerState.DRAINING);
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(2);
    }

    @Test
    void S4_upPrepareReusesAStillDrainingThreadAndOnlineRebindsIt() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s4");
        Thread before = wq.workerThread(1);
        int tidBefore = wq.workerTid(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, blocker(started, gate));
        TestThreads.await(started, "the blocking work started");
        m.offline(1);
        assertThat(wq.shouldStop(1)).isTrue();
        assertThat(m.platform.threadAffinity(tidBefore).contains(0)).isTrue(); // affinity broken by offline
        m.online(1); // faster than the drain: the thread is still parked on the gate
        assertThat(wq.workerThread(1)).isSameAs(before);
        assertThat(wq.shouldStop(1)).isFalse();
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
        assertThat(m.platform.threadAffinity(tidBefore).toString()).isEqualTo("1"); // re-pinned at CPU_ONLINE
        gate.countDown();
        AtomicInteger cpu = new AtomicInteger(-1);
        wq.queueOn(1, new Work(w -> cpu.set(sys.platform().currentCpu())));
        wq.flush();
        assertThat(cpu).hasValue(1);
        assertThat(before.isAlive()).isTrue();
        assertThat(wq.workerThread(1)).isSameAs(before);
    }

    @Test
    void S5_workqueueCreatedBetweenUpPrepareAndOnlineGetsAThreadForTheEmbryonicCpu() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        m.offline(1);
        assertThat(m.prepareUp(1)).isTrue(); // the controller holds the window open here
        assertThat(sys.embryonicCpu()).isEqualTo(1);
        Workqueue wq = sys.createWorkqueue("s5");
        assertThat(wq.workerThread(1)).isNotNull();
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.EMBRYONIC);
        m.finishUp(1);
        assertThat(sys.embryonicCpu()).isEqualTo(-1);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
        AtomicInteger cpu = new AtomicInteger(-1);
        wq.queueOn(1, new Work(w -> cpu.set(sys.platform().currentCpu())));
        wq.flush();
        assertThat(cpu).hasValue(1);
        // and outside the window, an offline CPU gets no thread
        m.offline(1);
        Workqueue later = sys.createWorkqueue("s5-later");
        assertThat(later.workerThread(1)).isNull();
    }

    @Test
    void S6_flushWalksPopulatedCpusAndWaitsForADeadCpusDrainingThread() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s6");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(1, blocker(started, gate));
        TestThreads.await(started, "the blocking work started");
        for (int i = 0; i < 100; i++) {
            wq.queueOn(1, counting(ran));
        }
        m.offline(1);
        assertThat(sys.onlineCpus().contains(1)).isFalse();
        assertThat(sys.populatedCpus().contains(1)).isTrue();
        CompletableFuture<Integer> flush = res.call("flush", () -> {
            wq.flush();
            return ran.get();
        });
        // the flush put its barrier behind the draining thread's work on the dead CPU
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 101);
        assertThat(flush).isNotDone();
        gate.countDown();
        assertThat(flush.get(20, TimeUnit.SECONDS)).isEqualTo(100);
    }

    @Test
    void S7_flushWaitsForEverythingQueuedBeforeItAndIsNotLivelockedByNewWork() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s7");
        CountDownLatch gate = res.gate();
        CountDownLatch bothBlocked = new CountDownLatch(2);
        for (int cpu = 0; cpu < 2; cpu++) {
            wq.queueOn(cpu, new Work(w -> {
                bothBlocked.countDown();
                TestThreads.await(gate, "gate");
            }));
        }
        TestThreads.await(bothBlocked, "both workers blocked");
        AtomicBoolean keepGoing = new AtomicBoolean(true);
        res.onTeardown(() -> keepGoing.set(false)); // a failed assertion must not leave it spinning
        AtomicInteger requeues = new AtomicInteger();
        Work selfRequeueing = new Work(w -> {
            requeues.incrementAndGet();
            if (keepGoing.get()) {
                wq.queueOn(0, w); // always new work behind the flush barrier
            }
        });
        wq.queueOn(0, selfRequeueing);
        int n = 1_000;
        AtomicInteger[] runs = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            AtomicInteger c = runs[i] = new AtomicInteger();
            wq.queueOn(i % 2, new Work(w -> c.incrementAndGet()));
        }
        CompletableFuture<Void> flush = res.run("flush", wq::flush);
        // cpu0's barrier is in place behind the work queued so far (flush visits one CPU at a time)
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1 + n / 2 + 1);
        assertThat(flush).isNotDone();
        gate.countDown();
        flush.get(20, TimeUnit.SECONDS); // the endless requeuer does not keep it waiting
        for (AtomicInteger c : runs) {
            assertThat(c).hasValue(1);
        }
        keepGoing.set(false);
        wq.flush();
        assertThat(requeues.get()).isGreaterThan(1);
    }

    @Test
    void S8_flushWorkCancelsAPendingWorkAndWaitsForTheRunningOne() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s8");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean runningFinished = new AtomicBoolean();
        Work running = new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            runningFinished.set(true);
        });
        AtomicInteger pendingRuns = new AtomicInteger();
        Work pending = counting(pendingRuns);
        wq.queueOn(1, running);
        TestThreads.await(started, "the blocking work started");
        wq.queueOn(1, pending);
        assertThat(wq.flushWork(pending)).isTrue(); // taken off the queue: it will not run
        assertThat(pending.isPending()).isFalse();
        assertThat(wq.pendingCount(1)).isZero();

        CompletableFuture<Boolean> waitForRunning = res.call("flush-work", () -> {
            wq.flushWork(running);
            return runningFinished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 1); // its barrier, right after the running work
        assertThat(waitForRunning).isNotDone();
        gate.countDown();
        assertThat(waitForRunning.get(20, TimeUnit.SECONDS)).isTrue();
        wq.flush();
        assertThat(pendingRuns).hasValue(0);
        assertThat(wq.flushWork(new Work(w -> { }))).isFalse(); // never queued: nothing to do
    }

    @Test
    void S9_destroyRunsEverythingQueuedThenNoThreadRemains() {
        SimMachine m = new SimMachine(4);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("s9");
        List<Thread> threads = new ArrayList<>();
        for (int cpu = 0; cpu < 4; cpu++) {
            threads.add(wq.workerThread(cpu));
        }
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 4_000; i++) {
            wq.queueOn(i % 4, counting(ran));
        }
        DelayedWork late = new DelayedWork(w -> ran.incrementAndGet());
        wq.queueDelayed(late, 1, TimeUnit.HOURS);
        m.offline(3); // a draining thread too
        assertTimeoutPreemptively(LIMIT, wq::destroy);
        assertThat(ran).hasValue(4_001);
        assertThat(sys.liveWorkerCount(wq)).isZero();
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(sys.workqueues()).doesNotContain(wq);
        assertThat(wq.isDestroyed()).isTrue();
    }

    @Test
    void S10_singleThreadedWorkqueueHasOneUnboundThreadOnSinglethreadCpuUntouchedByHotplug() {
        SimMachine m = new SimMachine(4);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue st = sys.createSinglethreadWorkqueue("s10");
        assertThat(sys.singlethreadCpu()).isEqualTo(0);
        assertThat(sys.workqueues()).doesNotContain(st);
        Thread only = st.workerThread(0);
        assertThat(only).isNotNull();
        assertThat(st.workerThread(3)).isSameAs(only); // every CPU maps to singlethread_cpu's queue
        assertThat(sys.liveWorkerCount(st)).isEqualTo(1);
        m.offline(2);
        m.offline(3);
        m.online(3);
        assertThat(st.workerThread(0)).isSameAs(only);
        assertThat(st.workerState(0)).isEqualTo(WorkerState.SINGLE_THREAD);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        for (int cpu = 0; cpu < 4; cpu++) {
            st.queueOn(cpu, new Work(w -> ranOn.add(Thread.currentThread())));
        }
        st.flush();
        assertThat(ranOn).containsExactly(only);
        assertThat(only.getName()).isEqualTo("s10");
    }

    @Test
    void S11_flushingOwnQueueFromAWorkRunsItInlineAndWarnsPastDepth3() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("s11");
        List<String> order = new ArrayList<>();
        Work later = new Work(w -> order.add("later"));
        wq.queue(new Work(w -> {
            wq.queue(later);
            wq.flush(); // would deadlock waiting for itself without the inline run
            order.add("after-flush");
        }));
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(order).containsExactly("later", "after-flush");
        assertThat(sys.stats().runDepthWarnings()).isZero();

        // nest deeper: each level queues the next and flushes
        AtomicInteger depth = new AtomicInteger();
        CountDownLatch outermostDone = new CountDownLatch(1);
        Work[] nest = new Work[1];
        nest[0] = new Work(w -> {
            if (depth.incrementAndGet() < 6) {
                wq.queue(new Work(nest[0].function));
                wq.flush();
            }
        });
        wq.queue(new Work(w -> {
            nest[0].function.run(nest[0]);
            outermostDone.countDown();
        }));
        // (a flush from here would not do: the nested inline runs execute its barrier early, as in the kernel)
        assertTimeoutPreemptively(LIMIT, () -> outermostDone.await());
        assertThat(depth).hasValue(6);
        assertThat(sys.stats().runDepthWarnings()).isPositive();
    }

    @Test
    void S12_freezeableWorkqueuePausesAtWorkBoundariesUntilThaw() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue freezeable = sys.createFreezeableWorkqueue("s12-freezeable");
        Workqueue ordinary = sys.createSinglethreadWorkqueue("s12-ordinary");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger frozenRuns = new AtomicInteger();
        freezeable.queue(blocker(started, gate));
        freezeable.queue(counting(frozenRuns));
        TestThreads.await(started, "the blocking work started");
        CompletableFuture<Void> freeze = res.run("freeze", sys::freeze);
        assertThat(sys.frozenWorkers()).isZero(); // mid-work: it freezes only at the boundary
        gate.countDown();
        freeze.get(20, TimeUnit.SECONDS);
        assertThat(sys.frozenWorkers()).isEqualTo(1);
        int ranBeforeFreeze = frozenRuns.get(); // the queued work may have run before the boundary
        freezeable.queue(counting(frozenRuns));
        AtomicInteger ordinaryRuns = new AtomicInteger();
        ordinary.queue(counting(ordinaryRuns));
        ordinary.flush(); // non-freezeable workers go on
        assertThat(ordinaryRuns).hasValue(1);
        assertThat(sys.frozenWorkers()).isEqualTo(1);
        assertThat(frozenRuns).hasValue(ranBeforeFreeze); // parked in the freezer: cannot have run it
        sys.thaw();
        freezeable.flush();
        assertThat(frozenRuns).hasValue(2);
        assertThat(sys.frozenWorkers()).isZero();
    }

    @Test
    void S13_keventdIsTheDefaultEventsWorkqueueWithScheduleWorkDelayedWorkAndFlush() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        assertThat(sys.keventd().name()).isEqualTo("events");
        assertThat(sys.workqueues()).contains(sys.keventd());
        assertThat(sys.keventd().workerThread(1).getName()).isEqualTo("events/1");
        AtomicBoolean onKeventd = new AtomicBoolean();
        assertThat(sys.scheduleWork(new Work(w -> onKeventd.set(sys.currentIsKeventd())))).isTrue();
        sys.flushScheduledWork();
        assertThat(onKeventd).isTrue();
        assertThat(sys.currentIsKeventd()).isFalse();

        CountDownLatch fired = new CountDownLatch(1);
        long armed = System.nanoTime();
        AtomicInteger cpu = new AtomicInteger(-1);
        DelayedWork delayed = new DelayedWork(w -> {
            cpu.set(sys.platform().currentCpu());
            fired.countDown();
        });
        assertThat(sys.scheduleDelayedWorkOn(1, delayed, 20, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(sys.scheduleDelayedWorkOn(1, delayed, 20, TimeUnit.MILLISECONDS)).isFalse(); // pending
        assertThat(fired.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - armed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(cpu).hasValue(1);

        DelayedWork cancelled = new DelayedWork(w -> cpu.set(-2));
        sys.scheduleDelayedWork(cancelled, 1, TimeUnit.HOURS);
        assertThat(cancelled.cancel()).isTrue();
        assertThat(cancelled.isPending()).isFalse();
        assertThat(cancelled.cancel()).isFalse();

        Set<Integer> cpus = ConcurrentHashMap.newKeySet();
        sys.scheduleOnEachCpu(w -> cpus.add(sys.platform().currentCpu()));
        assertThat(cpus).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void S14_queueReturnsFalseWhilePendingWorksAreReusableAndQueuingAllocatesNothing() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createFreezeableWorkqueue("s14");
        AtomicInteger runs = new AtomicInteger();
        Work reused = counting(runs);
        sys.freeze(); // park the worker so the queue state is ours to inspect
        assertThat(wq.queue(reused)).isTrue();
        assertThat(wq.queue(reused)).isFalse();
        assertThat(wq.queueOn(1, reused)).isFalse();
        assertThat(wq.pendingCount(0)).isEqualTo(1);

        int n = 100_000;
        Work[] works = new Work[n];
        for (int i = 0; i < n; i++) {
            works[i] = counting(runs);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++) { // warm up, so the interpreter's own allocations are gone
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) {
                wq.queue(reused); // pending: refused
            }
            long after = mx.getThreadAllocatedBytes(tid);
            if (round == 2) {
                assertThat(after - before).as("bytes allocated by %d refused queue calls", n).isLessThan(1024);
            }
        }
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < n; i++) {
            wq.queue(works[i]);
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by %d queue calls", n).isLessThan(64 * 1024);
        sys.thaw();
        wq.flush();
        assertThat(runs).hasValue(n + 1);
        assertThat(wq.queue(reused)).isTrue(); // ran, so reusable
        wq.flush();
        assertThat(runs).hasValue(n + 2);
    }
}
