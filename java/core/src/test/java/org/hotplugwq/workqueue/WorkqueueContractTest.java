package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every policy promises, on every platform: the same tests for each policy × platform row (the pattern of
 * JCTools' {@code QueueSanityTest}), so a fifth policy or a new platform is checked by the row it adds. What the
 * policies do differently is {@link HotplugPolicyTest}'s.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("rows")
class WorkqueueContractTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** One row of the contract. */
    record Row(HotplugPolicy policy, ContractMachine.Kind platform) {
        @Override
        public String toString() {
            return policy.cliName() + " on " + platform.name().toLowerCase();
        }
    }

    static Stream<Row> rows() {
        return Stream.of(ContractMachine.Kind.values())
                .flatMap(platform -> Stream.of(HotplugPolicy.values()).map(policy -> new Row(policy, platform)));
    }

    @Parameter
    Row row;

    @RegisterExtension
    final TestResources res = new TestResources();

    private ContractMachine m;
    /** The start CPU of every executed work, keyed by queue CPU (observer of {@link #system()}). */
    private final Map<Integer, Set<Integer>> startCpus = new ConcurrentHashMap<>();
    private final Map<Integer, Set<WorkerState>> states = new ConcurrentHashMap<>();

    @BeforeEach
    void machine() {
        String unavailable = row.platform().unavailable();
        assumeTrue(unavailable == null, unavailable);
        m = row.platform().create();
    }

    private WorkqueueSystem system() {
        return system(null);
    }

    private WorkqueueSystem system(WorkFailureHandler failures) {
        return res.track(m.system(row.policy(), r -> {
            startCpus.computeIfAbsent(r.queueCpu(), c -> ConcurrentHashMap.newKeySet()).add(r.startCpu());
            states.computeIfAbsent(r.queueCpu(), c -> ConcurrentHashMap.newKeySet()).add(r.state());
        }, failures));
    }

    private static Work counting(AtomicInteger counter) {
        return new Work(w -> counter.incrementAndGet());
    }

    /** Parks the queue's worker on a gate (opened after the test at the latest); returns once it is parked. */
    private CountDownLatch block(Workqueue wq, int cpu) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(cpu, new Work(w -> {
            started.countDown();
            gate.await();
        }));
        started.await();
        return gate;
    }

    @Test
    void queuedWorkRunsOnceOnItsCpu_aPendingWorkIsRefused_aRunWorkIsReusable() throws Exception {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("once");
        AtomicInteger runs = new AtomicInteger();
        Work work = counting(runs);
        CountDownLatch gate = block(wq, m.victim);
        assertThat(wq.queueOn(m.victim, work)).isTrue();
        assertThat(wq.queueOn(m.victim, work)).isFalse();
        assertThat(wq.queueOn(m.stayer, work)).isFalse();
        assertThat(work.isPending()).isTrue();
        gate.countDown();
        wq.flush();
        assertThat(runs).hasValue(1);
        assertThat(work.isPending()).isFalse();
        assertThat(wq.queueOn(m.stayer, work)).isTrue();
        wq.flush();
        assertThat(runs).hasValue(2);
        assertThat(startCpus).containsOnlyKeys(m.stayer, m.victim);
        startCpus.forEach((queue, started) -> assertThat(started).as("queue cpu%d", queue).containsOnly(queue));
    }

    @Test
    void flushReturnsOnlyOnceEverythingQueuedBeforeItHasRun() throws Exception {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("flush");
        CountDownLatch gate = block(wq, m.victim);
        AtomicInteger ran = new AtomicInteger();
        int n = 1_000;
        for (int i = 0; i < n; i++) {
            wq.queueOn(i % 2 == 0 ? m.stayer : m.victim, counting(ran));
        }
        CompletableFuture<Integer> flush = CompletableFuture.supplyAsync(() -> {
            wq.flush();
            return ran.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(m.victim) == n / 2 + 1); // its barrier is in place
        assertThat(flush).isNotDone();
        gate.countDown();
        assertThat(flush.get(20, TimeUnit.SECONDS)).isEqualTo(n);
    }

    @Test
    void flushWorkTakesAPendingWorkOffItsQueueAndWaitsForTheRunningOne() throws Exception {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("flush-work");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger finished = new AtomicInteger();
        Work running = new Work(w -> {
            started.countDown();
            gate.await();
            finished.incrementAndGet();
        });
        wq.queueOn(m.victim, running);
        started.await();
        AtomicInteger pendingRuns = new AtomicInteger();
        Work pending = counting(pendingRuns);
        wq.queueOn(m.victim, pending);
        assertThat(wq.flushWork(pending)).isTrue();
        assertThat(pending.isPending()).isFalse();
        CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> {
            wq.flushWork(running);
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(m.victim) == 1); // its barrier, after the running work
        assertThat(waited).isNotDone();
        gate.countDown();
        assertThat(waited.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        wq.flush();
        assertThat(pendingRuns).hasValue(0);
    }

    @Test
    void workQueuedBeforeCpuDeadRunsExactlyOnce_andFlushWaitsForIt() throws Exception {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("dead");
        CountDownLatch gate = block(wq, m.victim);
        int n = 500;
        AtomicInteger[] runs = new AtomicInteger[n];
        for (int i = 0; i < n; i++) {
            AtomicInteger r = runs[i] = new AtomicInteger();
            wq.queueOn(m.victim, new Work(w -> r.incrementAndGet()));
        }
        CompletableFuture<Void> offline = CompletableFuture.runAsync(m::offline); // drain-sync, takeover: waits
        gate.countDown();
        assertTimeoutPreemptively(LIMIT, () -> offline.get());
        assertTimeoutPreemptively(LIMIT, wq::flush);
        for (AtomicInteger r : runs) {
            assertThat(r).hasValue(1);
        }
        assertThat(m.online()).isTrue();
    }

    @Test
    void downUpCyclesLoseNoWorkAndRunNoneTwice() {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("cycles");
        int cycles = 12;
        int perCycle = 100;
        List<AtomicInteger> runs = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            for (int i = 0; i < perCycle; i++) {
                AtomicInteger r = new AtomicInteger();
                runs.add(r);
                wq.queueOn(i % 2 == 0 ? m.victim : m.stayer, new Work(w -> r.incrementAndGet()));
            }
            m.offline();
            if (c % 2 == 1) {
                assertTimeoutPreemptively(LIMIT, wq::flush); // with the CPU down
            }
            assertThat(m.online()).isTrue();
        }
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(runs).allSatisfy(r -> assertThat(r).hasValue(1));
        wq.destroy();
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    @Test
    void afterCpuOnlineTheCpusWorkerIsPinnedAndItsWorkRunsThere() {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("online");
        m.offline();
        assertThat(m.online()).isTrue();
        assertThat(wq.workerState(m.victim)).isEqualTo(WorkerState.BOUND);
        assertThat(m.platform.threadAffinity(wq.workerTid(m.victim))).isEqualTo(CpuSet.of(m.victim));
        startCpus.clear();
        states.clear();
        for (int i = 0; i < 200; i++) {
            wq.queueOn(i % 2 == 0 ? m.victim : m.stayer, new Work(w -> { }));
        }
        wq.flush();
        assertThat(startCpus.get(m.victim)).containsOnly(m.victim);
        assertThat(states.get(m.victim)).containsOnly(WorkerState.BOUND);
        assertThat(sys.stats().bindFailures()).isZero();
    }

    @Test
    void cpuDownFailedPinsTheWorkerAgainAfterTheKernelWidenedItsMask() {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("down-failed");
        int tid = wq.workerTid(m.victim);
        m.send(CpuAction.CPU_DOWN_PREPARE);
        m.platform.unbindThread(tid); // what a late-failing offline leaves behind
        m.send(CpuAction.CPU_DOWN_FAILED);
        assertThat(m.platform.threadAffinity(tid)).isEqualTo(CpuSet.of(m.victim));
        assertThat(wq.workerState(m.victim)).isEqualTo(WorkerState.BOUND);
    }

    @Test
    void destroyRunsEverythingQueued_evenOnACpuThatIsDown_andLeavesNoThread() throws Exception {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("destroy");
        List<Thread> threads = List.of(wq.workerThread(m.stayer), wq.workerThread(m.victim));
        CountDownLatch gate = block(wq, m.victim);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 400; i++) {
            wq.queueOn(i % 2 == 0 ? m.victim : m.stayer, counting(ran));
        }
        DelayedWork late = new DelayedWork(w -> ran.incrementAndGet());
        wq.queueDelayedOn(m.stayer, late, 1, TimeUnit.HOURS);
        CompletableFuture<Void> offline = CompletableFuture.runAsync(m::offline);
        gate.countDown();
        assertTimeoutPreemptively(LIMIT, () -> offline.get());
        assertTimeoutPreemptively(LIMIT, wq::destroy);
        assertThat(ran).hasValue(401);
        assertThat(sys.liveWorkerCount(wq)).isZero();
        assertThat(threads).noneMatch(Thread::isAlive);
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(m.online()).isTrue();
    }

    @Test
    void singleThreadedWorkqueueKeepsItsOneThreadThroughHotplug() {
        WorkqueueSystem sys = system();
        Workqueue st = sys.createSinglethreadWorkqueue("single");
        Thread only = st.workerThread(sys.singlethreadCpu());
        m.offline();
        assertThat(m.online()).isTrue();
        assertThat(st.workerThread(sys.singlethreadCpu())).isSameAs(only);
        assertThat(st.workerState(sys.singlethreadCpu())).isEqualTo(WorkerState.SINGLE_THREAD);
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        st.queueOn(m.victim, new Work(w -> ranOn.add(Thread.currentThread())));
        st.queueOn(m.stayer, new Work(w -> ranOn.add(Thread.currentThread())));
        st.flush();
        assertThat(ranOn).containsExactly(only);
    }

    @Test
    void delayedWorkFiresOnce_onALiveCpuIfItsOwnWentDown_andACancelledOneNever() {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("delayed");
        AtomicInteger fired = new AtomicInteger();
        DelayedWork orphan = new DelayedWork(w -> fired.incrementAndGet());
        DelayedWork cancelled = new DelayedWork(w -> fired.addAndGet(1_000));
        long delay = TimeUnit.MILLISECONDS.toNanos(100);
        long armed = System.nanoTime();
        assertThat(wq.queueDelayedOn(m.victim, orphan, delay, TimeUnit.NANOSECONDS)).isTrue();
        assertThat(wq.queueDelayedOn(m.victim, cancelled, 1, TimeUnit.HOURS)).isTrue();
        m.offline(); // from here the victim's timers fire on a live CPU
        boolean deadBeforeExpiry = System.nanoTime() - armed < delay;
        assertThat(cancelled.cancel()).isTrue();
        await().atMost(LIMIT).until(() -> fired.get() > 0);
        wq.flush();
        assertThat(fired).hasValue(1);
        if (deadBeforeExpiry) { // else this thread stalled past the expiry: where it fired proves nothing
            assertThat(startCpus).doesNotContainKey(m.victim);
        }
        assertThat(m.online()).isTrue();
    }

    @Test
    void aWorkThatThrowsGoesToTheFailureHandlerIsCountedAndTheWorkerGoesOn() {
        List<String> failures = new ArrayList<>();
        WorkqueueSystem sys = system((wq, cpu, work, failure) ->
                failures.add(wq.name() + "/" + cpu + ": " + failure.getMessage()));
        Workqueue wq = sys.createWorkqueue("failing");
        Thread worker = wq.workerThread(m.victim);
        AtomicInteger after = new AtomicInteger();
        wq.queueOn(m.victim, new Work(w -> {
            throw new IllegalStateException("test failure");
        }));
        wq.queueOn(m.victim, counting(after));
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(failures).containsExactly("failing/" + m.victim + ": test failure");
        assertThat(sys.stats().workFailures()).isEqualTo(1);
        assertThat(after).hasValue(1);
        assertThat(wq.workerThread(m.victim)).isSameAs(worker);
    }

    @Test
    void workFunctionsMayCreateAndDestroyWorkqueuesWhileCpuDeadIsInProgress() throws Exception {
        WorkqueueSystem sys = system();
        Workqueue wq = sys.createWorkqueue("s1");
        CountDownLatch gate = block(wq, m.victim);
        AtomicInteger created = new AtomicInteger();
        wq.queueOn(m.victim, new Work(w -> {
            sys.createWorkqueue("made-by-work").destroy();
            created.incrementAndGet();
        }));
        CompletableFuture<Void> offline = CompletableFuture.runAsync(m::offline);
        gate.countDown();
        assertTimeoutPreemptively(LIMIT, () -> offline.get()); // a callback holding the mutex would deadlock
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(created).hasValue(1);
        assertThat(m.online()).isTrue();
    }
}
