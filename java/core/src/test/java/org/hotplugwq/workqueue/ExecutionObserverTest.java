package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.junit.jupiter.api.Test;

/** What the observer is told, and that without one the core samples no CPU. */
class ExecutionObserverTest {

    /** Counts currentCpu() calls made by worker threads. */
    private static final class CountingPlatform implements CpuPlatform {
        final SimulatedCpuPlatform sim = new SimulatedCpuPlatform(2, 1);
        final AtomicInteger workerCalls = new AtomicInteger();

        @Override public String name() { return "counting " + sim.name(); }
        @Override public int currentCpu() {
            if (Thread.currentThread().getName().startsWith("obs")) {
                workerCalls.incrementAndGet();
            }
            return sim.currentCpu();
        }
        @Override public int currentThreadId() { return sim.currentThreadId(); }
        @Override public void bindThread(int tid, int cpu) { sim.bindThread(tid, cpu); }
        @Override public void unbindThread(int tid) { sim.unbindThread(tid); }
        @Override public CpuSet threadAffinity(int tid) { return sim.threadAffinity(tid); }
        @Override public CpuSet possibleCpus() { return sim.possibleCpus(); }
        @Override public CpuSet presentCpus() { return sim.presentCpus(); }
        @Override public CpuSet onlineCpus() { return sim.onlineCpus(); }
        @Override public CpuSet allowedCpus() { return sim.allowedCpus(); }
    }

    private record Seen(String wq, int queueCpu, int startCpu, int endCpu, WorkerState state, boolean ordered,
                        int tid, boolean stranded, boolean wrong) { }

    @Test
    void everyExecutedWorkIsReportedWithItsCpusStateTimesAndWorker_barriersAreNot() {
        CountingPlatform platform = new CountingPlatform();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).observer(r -> seen.add(new Seen(
                r.workqueue().name(), r.queueCpu(), r.startCpu(), r.endCpu(), r.state(),
                r.queuedNanos() <= r.startNanos() && r.startNanos() <= r.endNanos(), r.workerTid(),
                r.stranded(), r.wrongCpu()))).build()) {
            Workqueue wq = sys.createWorkqueue("obs");
            int tid1 = wq.workerTid(1);
            wq.queueOn(0, new Work(w -> { }));
            wq.queueOn(1, new Work(w -> { }));
            wq.flush(); // its barriers are not reported
            assertThat(seen).containsExactlyInAnyOrder(
                    new Seen("obs", 0, 0, 0, WorkerState.BOUND, true, wq.workerTid(0), false, false),
                    new Seen("obs", 1, 1, 1, WorkerState.BOUND, true, tid1, false, false));
        }
    }

    @Test
    void withoutAnObserverWorkersSampleNoCpu() {
        CountingPlatform platform = new CountingPlatform();
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).build()) {
            Workqueue wq = sys.createWorkqueue("obs");
            for (int i = 0; i < 1_000; i++) {
                wq.queueOn(i % 2, new Work(w -> { }));
            }
            wq.flush();
            assertThat(platform.workerCalls).hasValue(0);
        }
        CountingPlatform observed = new CountingPlatform();
        try (WorkqueueSystem sys = WorkqueueSystem.builder(observed).observer(r -> { }).build()) {
            Workqueue wq = sys.createWorkqueue("obs");
            for (int i = 0; i < 1_000; i++) {
                wq.queueOn(i % 2, new Work(w -> { }));
            }
            wq.flush();
            // a start sample each; an end sample only where the worker did not go straight on to another work
            assertThat(observed.workerCalls.get()).isBetween(1_000, 2_000);
        }
    }

    @Test
    void workQueuedToACpuWithNoWorkerIsReportedStranded() {
        SimMachine m = new SimMachine(2);
        List<Boolean> stranded = new CopyOnWriteArrayList<>();
        try (WorkqueueSystem sys = m.system(HotplugPolicy.DRAIN, r -> stranded.add(r.stranded()))) {
            Workqueue wq = sys.createWorkqueue("strand");
            m.offline(1);
            org.awaitility.Awaitility.await().until(() -> wq.workerThread(1) == null);
            wq.queueOn(1, new Work(w -> { })); // a caller bug the kernel allows: nobody serves cpu1 now
            assertThat(wq.pendingCount(1)).isEqualTo(1);
            m.online(1); // CPU_UP_PREPARE's new thread finds it
            wq.flush();
            assertThat(stranded).containsExactly(true);
        }
    }
}
