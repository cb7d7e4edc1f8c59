package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that stops on a corrupt list (see {@link ListHeadGuardTest}) is gone like any other: it leaves the
 * system's live workers, so counts, freeze and close do not wait for a thread that has ended.
 */
class AWorkerStoppedByACorruptListLeavesTheLiveWorkersTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void itIsNoLongerCountedOnceItsThreadHasEnded() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("corrupt-count");
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.blocker(started, gate));
        TestThreads.await(started, "the blocking work");
        Thread cpu1Worker = wq.workerThread(1);
        Work x = new Work(w -> { });
        wq.queueOn(1, x);
        ListHeadGuardTest.linkIntoAnotherQueuesHead(wq, 1, x);
        gate.countDown();
        TestThreads.join(cpu1Worker);
        assertThat(sys.stats().listCorruptions()).isEqualTo(1);
        await().atMost(LIMIT).until(() -> sys.liveWorkerCount(wq) <= 1);
        assertThat(sys.liveWorkerCount(wq)).as("cpu0's worker only").isEqualTo(1);
    }
}
