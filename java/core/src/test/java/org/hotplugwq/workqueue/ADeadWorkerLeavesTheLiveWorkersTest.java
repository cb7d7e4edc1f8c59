package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that dies of an Error leaves the system's books as a worker that exits does ({@code workerExited}):
 * the live workers no longer count it, and the freezer no longer waits for it to freeze. Its replacement is made
 * also when nothing is queued behind the fatal work: the queue's CPU is up, the queue must keep a thread.
 */
class ADeadWorkerLeavesTheLiveWorkersTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aWorkerKilledOnAnIdleOnlineQueueIsReplacedAndNoLongerCounted() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.DRAIN, factory);
        Workqueue wq = sys.createWorkqueue("dies-idle");
        DyingWorkers.closeAtTeardown(res, sys, wq.cpuQueue(1));
        Thread first = wq.workerThread(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: the worker dies of it")));
        TestThreads.await(started, "the fatal work started");
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(2);

        gate.countDown(); // nothing queued behind it
        TestThreads.join(first);
        Thread replacement = wq.workerThread(1);
        assertThat(replacement).as("the online CPU's queue keeps a thread").isNotNull().isNotSameAs(first);
        assertThat(replacement.isAlive()).isTrue();
        assertThat(sys.liveWorkerCount(wq)).as("cpu0's worker and the replacement; the dead one left").isEqualTo(2);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
        assertThat(m.platform.threadAffinity(wq.workerTid(1))).isEqualTo(CpuSet.of(1));
        assertThat(sys.stats().workFailures()).isEqualTo(1);

        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Void> later = res.run("queue and flush", () -> {
            wq.queueOn(1, new Work(w -> ran.countDown()));
            wq.flush();
        });
        TestThreads.get(later, "queue and flush after the death");
        assertThat(ran.getCount()).isZero();
    }

    @Test
    void aFreezeDoesNotWaitForAFreezeableWorkerThatDied() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).threadFactory(factory)
                .failureHandler((wq, cpu, work, failure) -> { }).freezeTimeout(Duration.ofSeconds(20)).build()));
        Workqueue wq = sys.createFreezeableWorkqueue("dies-freezeable");
        Thread first = wq.workerThread(0);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queue(DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: the worker dies of it")));
        TestThreads.await(started, "the fatal work started");
        gate.countDown();
        TestThreads.join(first);
        assertThat(sys.liveWorkerCount(wq)).as("the replacement only").isEqualTo(1);
        assertThat(sys.freezer.isFreezing()).isFalse();

        TestThreads.bounded("freeze", sys::freeze); // the replacement freezes; the dead worker is not waited for
        assertThat(sys.frozenWorkers()).isEqualTo(1);
        sys.thaw();
        TestThreads.bounded("flush after the thaw", wq::flush);
    }
}
