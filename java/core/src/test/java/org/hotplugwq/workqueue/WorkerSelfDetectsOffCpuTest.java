package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.LongAdder;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.junit.jupiter.api.Test;

/** A bound worker that finds itself off its CPU at a work's start counts it, before any hotplug event says so. */
class WorkerSelfDetectsOffCpuTest {

    @Test
    void aBoundWorkerMovedBehindItsBackCountsEveryWorkItStartsElsewhere() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 1);
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).observer(r -> { }).build()) {
            Workqueue wq = sys.createWorkqueue("self");
            for (int i = 0; i < 100; i++) {
                wq.queueOn(i % 2, new Work(w -> { }));
            }
            wq.flush();
            assertThat(sys.stats().offCpuSelfDetections()).isZero();

            platform.bindThread(wq.workerTid(1), 0); // the kernel moved it: no hotplug event, state still BOUND
            for (int i = 0; i < 10; i++) {
                wq.queueOn(1, new Work(w -> { }));
                wq.queueOn(0, new Work(w -> { }));
            }
            wq.flush();
            assertThat(sys.stats().offCpuSelfDetections()).isEqualTo(10);
        }
    }

    @Test
    void aFlushReturnsOnlyAfterTheObserverHeardOfEveryWorkBeforeIt() {
        LongAdder seen = new LongAdder();
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 1);
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).observer(r -> seen.increment()).build()) {
            Workqueue wq = sys.createWorkqueue("ends");
            int queued = 0;
            for (int round = 0; round < 200; round++) {
                for (int i = 0; i <= round % 7; i++) {
                    queued += wq.queueOn(i % 2, new Work(w -> { })) ? 1 : 0;
                }
                wq.flush();
                assertThat(seen.sum()).isEqualTo(queued);
            }
        }
    }
}
