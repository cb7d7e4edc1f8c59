package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hotplugwq.workqueue.WorkqueueInspector.pendingCount;
import static org.hotplugwq.workqueue.WorkqueueInspector.shouldStop;
import static org.hotplugwq.workqueue.WorkqueueInspector.workerState;
import static org.hotplugwq.workqueue.WorkqueueInspector.workerThread;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.linux.LinuxCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.testkit.RealHotplugExtension;
import org.hotplugwq.testkit.RealHotplugExtension.RealCpu;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.WorkerState;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed on real hardware: a Linux-platform workqueue (drain policy) registered on the bridge; the
 * controller offlines a real CPU whose worker still has work, the worker drains unbound and exits, and after
 * the online a new worker is pinned to the CPU again. The extension restores every CPU.
 */
@Tag("hardware")
@ExtendWith(RealHotplugExtension.class)
class RealHotplugWorkqueueTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void drainingWorkerRunsUnboundAndExitsAfterRealCpuDead_newWorkerIsPinnedAfterOnline(RealCpu real)
            throws Exception {
        int cpu = real.cpu();
        LinuxCpuPlatform platform = LinuxCpuPlatform.create();
        Map<Integer, AtomicInteger> startCpus = new ConcurrentHashMap<>();
        Map<WorkerState, AtomicInteger> states = new ConcurrentHashMap<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Work blocker = new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        });
        try (HotplugBridge bridge = HotplugBridge.forTree(real.sysfs());
             HotplugController controller = new HotplugController(real.sysfs(), bridge,
                     new OfflinedCpuRegistry(dir.resolve("offlined")));
             WorkqueueSystem system = WorkqueueSystem.builder(platform).policy(HotplugPolicy.DRAIN).observer(r -> {
                 if (r.queueCpu() == cpu && r.work() != blocker) {
                     startCpus.computeIfAbsent(r.startCpu(), c -> new AtomicInteger()).incrementAndGet();
                     states.computeIfAbsent(r.state(), s -> new AtomicInteger()).incrementAndGet();
                 }
             }).build()) {
            bridge.register(system, 0);
            Workqueue wq = system.createWorkqueue("real-drain");
            Thread oldWorker = workerThread(wq, cpu);
            assertThat(workerState(wq, cpu)).isEqualTo(WorkerState.BOUND);
            try {
                wq.queueOn(cpu, blocker);
                TestThreads.await(started, "the blocking work started");
                int pending = 200;
                for (int i = 0; i < pending; i++) {
                    wq.queueOn(cpu, new Work(w -> { }));
                }
                assertThat(controller.offline(cpu).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
                await().atMost(WAIT).until(() -> shouldStop(wq, cpu)); // CPU_DEAD arrived: should_stop, nothing waited
                assertThat(workerState(wq, cpu)).isEqualTo(WorkerState.DRAINING);
                assertThat(pendingCount(wq, cpu)).isEqualTo(pending);
                gate.countDown();
                await().atMost(WAIT).until(() -> !oldWorker.isAlive());
                assertThat(workerThread(wq, cpu)).isNull();
                assertThat(startCpus.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(pending);
                assertThat(startCpus).doesNotContainKey(cpu); // the CPU was gone: all ran elsewhere, unbound
                assertThat(states).containsOnlyKeys(WorkerState.DRAINING);
            } finally {
                gate.countDown();
            }

            assertThat(controller.online(cpu).outcome()).isEqualTo(TransitionResult.Outcome.DONE);
            await().atMost(WAIT).until(() -> workerState(wq, cpu) == WorkerState.BOUND);
            assertThat(workerThread(wq, cpu)).isNotNull().isNotSameAs(oldWorker);
            AtomicInteger onCpu = new AtomicInteger();
            int samples = 10_000;
            wq.queueOn(cpu, new Work(w -> {
                for (int i = 0; i < samples; i++) {
                    if (platform.currentCpu() == cpu) {
                        onCpu.incrementAndGet();
                    }
                }
            }));
            wq.flush();
            assertThat(onCpu).hasValue(samples);
        }
    }
}
