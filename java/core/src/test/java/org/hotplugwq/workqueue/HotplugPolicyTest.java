package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What CPU_DEAD and CPU_ONLINE do under each of the four policies (README, "The four hotplug policies"). */
class HotplugPolicyTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    private WorkqueueSystem system(SimMachine m, HotplugPolicy policy, ExecutionObserver observer) {
        return res.track(m.system(policy, observer));
    }

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void everyPolicy_noWorkLostOrRunTwiceAcrossDownUpCycles(HotplugPolicy policy) {
        SimMachine m = new SimMachine(4, 7);
        WorkqueueSystem sys = system(m, policy, null);
        Workqueue wq = sys.createWorkqueue("cycles-" + policy.cliName());
        int perCycle = 400;
        int cycles = 30;
        AtomicInteger[] runs = new AtomicInteger[perCycle * cycles];
        for (int c = 0; c < cycles; c++) {
            int cpu = 1 + c % 3;
            for (int i = 0; i < perCycle; i++) {
                AtomicInteger r = runs[c * perCycle + i] = new AtomicInteger();
                wq.queueOn(i % 2 == 0 ? cpu : 0, new Work(w -> r.incrementAndGet()));
            }
            m.offline(cpu);
            if (c % 2 == 0) {
                m.online(cpu);
            } else {
                wq.flush(); // work queued to a CPU before it died still runs
                m.online(cpu);
            }
        }
        assertTimeoutPreemptively(LIMIT, wq::flush);
        for (AtomicInteger r : runs) {
            assertThat(r).hasValue(1);
        }
        wq.destroy();
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    @Test
    void drain_cpuDeadReturnsWithoutWaiting_drainSync_cpuDeadWaitsForTheDrain() throws Exception {
        for (HotplugPolicy policy : List.of(HotplugPolicy.DRAIN, HotplugPolicy.DRAIN_SYNC)) {
            SimMachine m = new SimMachine(2);
            WorkqueueSystem sys = system(m, policy, null);
            Workqueue wq = sys.createWorkqueue("sync-" + policy.cliName());
            Thread worker = wq.workerThread(1);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch gate = res.gate();
            AtomicInteger ran = new AtomicInteger();
            wq.queueOn(1, new Work(w -> {
                started.countDown();
                TestThreads.await(gate, "gate");
            }));
            for (int i = 0; i < 1_000; i++) {
                wq.queueOn(1, new Work(w -> ran.incrementAndGet()));
            }
            TestThreads.await(started, "the blocking work started");
            m.send(CpuAction.CPU_DOWN_PREPARE, 1);
            m.platform.setOnline(1, false);
            CompletableFuture<Integer> dead = res.call("cpu-dead", () -> {
                sys.onCpuAction(CpuAction.CPU_DEAD, 1);
                return ran.get();
            });
            if (policy == HotplugPolicy.DRAIN) {
                assertThat(dead.get(20, TimeUnit.SECONDS)).isZero(); // returned while nothing had drained
                assertThat(worker.isAlive()).isTrue();
                gate.countDown();
            } else {
                await().atMost(LIMIT).until(() -> wq.workerState(1) == WorkerState.DRAINING);
                assertThat(dead).isNotDone(); // the worker is parked on the gate: the callback must be waiting
                gate.countDown();
                assertThat(dead.get(20, TimeUnit.SECONDS)).isEqualTo(1_000); // returned only after the drain
                assertThat(worker.isAlive()).isFalse();
            }
            await().atMost(LIMIT).until(() -> !worker.isAlive());
            assertThat(ran).hasValue(1_000);
        }
    }

    @Test
    void takeover_cpuDeadStopsTheWorkerAndMovesPendingWorkToTheCurrentCpusQueue() throws Exception {
        SimMachine m = new SimMachine(3);
        Map<Integer, Integer> startCpuById = new ConcurrentHashMap<>();
        Map<Integer, WorkerState> stateById = new ConcurrentHashMap<>();
        Map<Integer, Integer> queueCpuById = new ConcurrentHashMap<>();
        Map<Work, Integer> ids = new ConcurrentHashMap<>();
        WorkqueueSystem sys = system(m, HotplugPolicy.TAKEOVER, r -> {
            Integer id = ids.get(r.work());
            if (id != null) {
                startCpuById.put(id, r.startCpu());
                stateById.put(id, r.state());
                queueCpuById.put(id, r.queueCpu());
            }
        });
        Workqueue wq = sys.createWorkqueue("takeover");
        Thread worker = wq.workerThread(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(2, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the blocking work started");
        for (int i = 0; i < 50; i++) {
            Work w = new Work(x -> { });
            ids.put(w, i);
            wq.queueOn(2, w);
        }
        m.send(CpuAction.CPU_DOWN_PREPARE, 2);
        m.platform.setOnline(2, false);
        Thread dead = new Thread(() -> sys.onCpuAction(CpuAction.CPU_DEAD, 2), "cpu-dead");
        dead.start();
        await().atMost(LIMIT).until(() -> dead.getState() == Thread.State.WAITING); // in kthread_stop()
        assertThat(wq.pendingCount(2)).isEqualTo(50);
        gate.countDown(); // kthread_stop() waits for the current work only
        dead.join(20_000);
        assertThat(dead.isAlive()).isFalse();
        assertThat(worker.isAlive()).isFalse();
        assertThat(wq.workerThread(2)).isNull();
        assertThat(wq.pendingCount(2)).isZero(); // moved, not run by the dying thread
        assertThat(sys.stats().takenOverWorks()).isEqualTo(50);
        assertThat(sys.stats().migrateSequence()).isPositive();
        wq.flush();
        assertThat(stateById).hasSize(50).allSatisfy((id, s) -> assertThat(s).isEqualTo(WorkerState.MOVED_BY_TAKEOVER));
        assertThat(queueCpuById.values()).containsOnly(2); // reported against the queue they were meant for
        assertThat(startCpuById.values()).allSatisfy(cpu -> assertThat(cpu).isIn(0, 1));
        assertThat(startCpuById.values().stream().distinct().count()).isEqualTo(1); // one target queue

        m.online(2); // a new thread, pinned at CPU_ONLINE
        assertThat(wq.workerThread(2)).isNotNull().isNotSameAs(worker);
        assertThat(wq.workerState(2)).isEqualTo(WorkerState.BOUND);
    }

    @Test
    void rebind_workersNeverExitRunUnboundWhileDownAndAreRepinnedAtOnline() {
        SimMachine m = new SimMachine(2);
        Map<Integer, WorkerState> states = new ConcurrentHashMap<>();
        Map<Integer, Integer> cpus = new ConcurrentHashMap<>();
        AtomicInteger seq = new AtomicInteger();
        WorkqueueSystem sys = system(m, HotplugPolicy.REBIND, r -> {
            if (r.queueCpu() == 1) {
                int id = seq.incrementAndGet();
                states.put(id, r.state());
                cpus.put(id, r.startCpu());
            }
        });
        Workqueue wq = sys.createWorkqueue("rebind");
        Thread worker = wq.workerThread(1);
        int tid = wq.workerTid(1);
        m.offline(1);
        assertThat(wq.workerThread(1)).isSameAs(worker);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.UNBOUND);
        assertThat(wq.shouldStop(1)).isFalse();
        wq.queueOn(1, new Work(w -> { })); // still served, unbound
        wq.flush();
        assertThat(states.get(1)).isEqualTo(WorkerState.UNBOUND);
        assertThat(cpus.get(1)).isEqualTo(0);
        assertThat(worker.isAlive()).isTrue();
        m.online(1);
        assertThat(wq.workerThread(1)).isSameAs(worker);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
        assertThat(m.platform.threadAffinity(tid).toString()).isEqualTo("1");
        wq.queueOn(1, new Work(w -> { }));
        wq.flush();
        assertThat(states.get(2)).isEqualTo(WorkerState.BOUND);
        assertThat(cpus.get(2)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void everyPolicy_cpuOnlinePinsTheCpusWorkerSoWorkRunsOnItsCpu(HotplugPolicy policy) {
        SimMachine m = new SimMachine(3);
        Map<Integer, Integer> startCpus = new ConcurrentHashMap<>();
        WorkqueueSystem sys = system(m, policy,
                r -> startCpus.merge(r.startCpu() * 10 + r.queueCpu(), 1, Integer::sum));
        Workqueue wq = sys.createWorkqueue("online-" + policy.cliName());
        m.offline(2);
        m.online(2);
        startCpus.clear();
        for (int i = 0; i < 300; i++) {
            wq.queueOn(i % 3, new Work(w -> { }));
        }
        wq.flush();
        assertThat(startCpus).containsOnlyKeys(0, 11, 22); // start CPU == queue CPU for every work
    }

    @Test
    void upPrepareRefusedWhenAWorkerCannotBeCreated_thenUpCanceledStopsTheOnesMade() {
        SimMachine m = new SimMachine(2);
        AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);
        WorkqueueSystem sys = WorkqueueSystem.builder(m.platform).threadFactory(r -> {
            if (allowed.decrementAndGet() < 0) {
                throw new IllegalStateException("no more threads (test)");
            }
            return new Thread(r);
        }).build();
        res.track(sys);
        m.register(sys);
        Workqueue a = sys.createWorkqueue("a");
        Workqueue b = sys.createWorkqueue("b");
        m.offline(1);
        await().atMost(LIMIT).until(() -> sys.keventd().workerThread(1) == null && a.workerThread(1) == null
                && b.workerThread(1) == null); // drained and gone, so UP_PREPARE must create threads
        allowed.set(1); // keventd is first on the list and gets its thread; the next one fails
        assertThat(m.online(1)).isFalse();
        assertThat(m.platform.isOnline(1)).isFalse();
        allowed.set(Integer.MAX_VALUE);
        await().atMost(LIMIT).until(() -> sys.keventd().workerThread(1) == null); // UP_CANCELED: it drained away
        assertThat(a.workerThread(1)).isNull();
        assertThat(m.online(1)).isTrue();
        assertThat(a.workerState(1)).isEqualTo(WorkerState.BOUND);
    }
}
