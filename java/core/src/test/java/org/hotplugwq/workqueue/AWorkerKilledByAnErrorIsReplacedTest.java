package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that dies of a {@link VirtualMachineError} (rethrown after the failure handler) is replaced by a new
 * thread on its queue, so what was queued behind the fatal work runs and a flush waiting for it returns.
 */
class AWorkerKilledByAnErrorIsReplacedTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void workBehindAnOutOfMemoryErrorRunsAndFlushReturns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(m.platform)
                .failureHandler((wq, cpu, work, failure) -> { }).build()); // quiet: the error is the test's
        Workqueue wq = sys.createWorkqueue("fatal");
        Thread first = wq.workerThread(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger after = new AtomicInteger();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            throw new OutOfMemoryError("test: the worker dies of it");
        }));
        wq.queueOn(1, new Work(w -> after.incrementAndGet()));
        TestThreads.await(started, "the fatal work started");
        CompletableFuture<Void> flush = res.run("flush", wq::flush);
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2); // the work behind it and the flush's barrier
        gate.countDown();
        TestThreads.get(flush, "flush behind the fatal work");
        assertThat(after).hasValue(1);
        assertThat(sys.stats().workFailures()).isEqualTo(1);
        TestThreads.join(first);
        Thread replacement = wq.workerThread(1);
        assertThat(replacement).isNotNull().isNotSameAs(first);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
        assertThat(m.platform.threadAffinity(wq.workerTid(1))).as("pinned like the one it replaces")
                .isEqualTo(org.hotplugwq.cpu.CpuSet.of(1));
        wq.queueOn(1, new Work(w -> after.incrementAndGet()));
        wq.flush();
        assertThat(after).hasValue(2);
    }
}
