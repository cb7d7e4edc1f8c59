package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code CPU_UP_PREPARE} of a CPU never populated before (offline since the system started) puts it in
 * {@code cpu_populated_map} at once, not at {@code CPU_ONLINE}: a work queued to it in the embryonic window, on
 * the thread the prepare started, is one that flush walks to and waits for.
 */
class UpPreparePopulatesTheCpuAtOnceTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void flushWaitsForAWorkQueuedInTheEmbryonicWindow() {
        SimMachine m = new SimMachine(2);
        m.platform.setOnline(1, false);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("embryonic");
        assertThat(sys.populatedCpus().contains(1)).as("cpu1 never populated").isFalse();

        assertThat(m.prepareUp(1)).isTrue(); // CPU_UP_PREPARE only: the window stays open
        assertThat(sys.embryonicCpu()).isEqualTo(1);
        assertThat(sys.populatedCpus().contains(1)).as("populated at CPU_UP_PREPARE").isTrue();
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.EMBRYONIC);

        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            finished.set(true);
        }));
        TestThreads.await(started, "the work on the embryonic cpu1 started");
        CompletableFuture<Boolean> flush = res.call("flush", () -> {
            wq.flush();
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> flush.isDone() || wq.pendingCount(1) == 1); // its barrier
        assertThat(flush).as("flush waits for the work running on the embryonic cpu1").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(flush, "flush")).isTrue();

        m.finishUp(1);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
    }
}
