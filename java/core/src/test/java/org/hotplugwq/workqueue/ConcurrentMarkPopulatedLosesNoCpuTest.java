package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code cpu_populated_map} grows by compare-and-set from several threads at once (the hotplug callback, and
 * producers queuing to a CPU whose {@code CPU_UP_PREPARE} has not arrived): a CAS lost to another thread must be
 * retried, or that CPU is missing from the map and flush and destroy never visit its queue. Threads started
 * together mark distinct CPUs of a 256-CPU machine, round after round on a fresh system; every CPU must be there.
 * A lost CAS is likely within a round even on two cores, and near certain over all of them.
 */
class ConcurrentMarkPopulatedLosesNoCpuTest {
    private static final int CPUS = 256;
    private static final int THREADS = 4;
    private static final int ROUNDS = 100;
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void everyCpuMarkedConcurrentlyIsPopulated() throws Exception {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(CPUS, 3);
        for (int cpu = 1; cpu < CPUS; cpu++) {
            platform.setOnline(cpu, false); // populated starts as {0}
        }
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        CyclicBarrier done = new CyclicBarrier(THREADS + 1);
        AtomicReference<WorkqueueSystem> current = new AtomicReference<>();
        List<CompletableFuture<Void>> markers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t + 1;
            markers.add(res.run("marker" + t, () -> {
                for (int round = 0; round < ROUNDS; round++) {
                    start.await(TestThreads.LIMIT.toSeconds(), TimeUnit.SECONDS);
                    WorkqueueSystem sys = current.get();
                    for (int cpu = first; cpu < CPUS; cpu += THREADS) {
                        sys.markPopulated(cpu);
                    }
                    done.await(TestThreads.LIMIT.toSeconds(), TimeUnit.SECONDS);
                }
            }));
        }
        for (int round = 0; round < ROUNDS; round++) {
            try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).policy(HotplugPolicy.DRAIN).build()) {
                assertThat(sys.populatedCpus()).isEqualTo(CpuSet.of(0));
                current.set(sys);
                start.await(TestThreads.LIMIT.toSeconds(), TimeUnit.SECONDS);
                done.await(TestThreads.LIMIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(sys.populatedCpus()).as("round %d", round).isEqualTo(CpuSet.first(CPUS));
            }
        }
        for (CompletableFuture<Void> m : markers) {
            TestThreads.get(m, "marker");
        }
    }
}
