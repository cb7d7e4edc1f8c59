package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.LinuxCpuPlatform;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The core on the real machine: workers pinned with sched_setaffinity run their CPU's work on that CPU. */
@Tag("hardware")
class LinuxWorkqueueTest {

    @Test
    void workersPinnedToEachOnlineCpuRunItsWorkThere() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "needs Linux");
        LinuxCpuPlatform platform = LinuxCpuPlatform.create();
        CpuSet cpus = platform.onlineCpus().intersect(platform.allowedCpus());
        assumeTrue(cpus.cardinality() >= 2, "needs two online CPUs this process may use, has " + cpus);
        Map<Integer, AtomicInteger> wrong = new ConcurrentHashMap<>();
        AtomicInteger executed = new AtomicInteger();
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).observer(r -> {
            executed.incrementAndGet();
            if (r.startCpu() != r.queueCpu()) {
                wrong.computeIfAbsent(r.queueCpu(), c -> new AtomicInteger()).incrementAndGet();
            }
        }).build()) {
            Workqueue wq = sys.createWorkqueue("real");
            cpus.forEach(cpu -> {
                assertThat(platform.threadAffinity(wq.workerTid(cpu))).isEqualTo(CpuSet.of(cpu));
                assertThat(wq.workerState(cpu)).isEqualTo(WorkerState.BOUND);
            });
            int perCpu = 5_000;
            for (int i = 0; i < perCpu; i++) {
                cpus.forEach(cpu -> wq.queueOn(cpu, new Work(w -> { })));
            }
            wq.flush();
            assertThat(executed).hasValue(perCpu * cpus.cardinality());
            // A foreign offline in the middle would break a worker's affinity; this box has nobody else.
            assertThat(wrong).as("works that started off their queue's CPU, by queue CPU").isEmpty();
            assertThat(sys.stats().bindFailures()).isZero();
        }
    }
}
