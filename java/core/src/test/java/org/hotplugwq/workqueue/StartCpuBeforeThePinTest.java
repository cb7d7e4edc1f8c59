package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.junit.jupiter.api.Test;

/**
 * A worker started at {@code CPU_UP_PREPARE} runs unpinned (its CPU is not up yet) until {@code CPU_ONLINE} pins
 * it. The worker reads its CPU before its start stamp and its state after; when {@code CPU_ONLINE} pins it between
 * the two, the CPU it read predates the pin, so its record must not say BOUND (a stress run would call that
 * execution an affinity bug: "no wrong CPU without hotplug"). Found by the interval calibration runs.
 */
class StartCpuBeforeThePinTest {

    /** Delivers CPU_ONLINE of cpu1 (and waits for it) just after the armed cpu1 worker of "t" read its CPU. */
    private static final class OnlineAtTheCpuRead implements CpuPlatform {
        final SimulatedCpuPlatform sim = new SimulatedCpuPlatform(2, 3);
        final AtomicBoolean armed = new AtomicBoolean();
        volatile WorkqueueSystem system;

        @Override public String name() { return "online at the CPU read, " + sim.name(); }
        @Override public int currentCpu() {
            int cpu = sim.currentCpu();
            if (Thread.currentThread().getName().equals("t/1") && armed.compareAndSet(true, false)) {
                sim.setOnline(1, true);
                CompletableFuture.runAsync(() -> system.onCpuAction(CpuAction.CPU_ONLINE, 1))
                        .orTimeout(20, TimeUnit.SECONDS).join();
            }
            return cpu;
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

    private record Seen(int startCpu, WorkerState state) {
    }

    @Test
    void aCpuReadBeforeTheOnlinePinIsNotABoundWorkersCpu() {
        OnlineAtTheCpuRead platform = new OnlineAtTheCpuRead();
        List<Seen> records = new CopyOnWriteArrayList<>();
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).policy(HotplugPolicy.DRAIN)
                .observer(r -> {
                    if (r.workqueue().name().equals("t") && r.queueCpu() == 1) {
                        records.add(new Seen(r.startCpu(), r.state()));
                    }
                }).build()) {
            platform.system = sys;
            Workqueue wq = sys.createWorkqueue("t");
            sys.onCpuAction(CpuAction.CPU_DOWN_PREPARE, 1);
            platform.sim.setOnline(1, false);
            sys.onCpuAction(CpuAction.CPU_DEAD, 1);
            sys.onCpuAction(CpuAction.CPU_UP_PREPARE, 1); // cpu1 not up yet: its new worker cannot be pinned
            platform.armed.set(true);
            assertThat(wq.queueOn(1, new Work(w -> { }))).isTrue();
            wq.flush();
            await().atMost(Duration.ofSeconds(20)).until(() -> !records.isEmpty());
        }
        Seen r = records.get(0);
        assertThat(r.startCpu()).as("read before the pin").isZero();
        assertThat(r.state()).isNotEqualTo(WorkerState.BOUND);
    }
}
