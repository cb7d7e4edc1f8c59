package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that dies of an Error while no thread can replace it — the thread factory throws, or the thread it
 * returns cannot start — leaves its queue thread-less ({@code cwq->thread} null, the dead worker's exit clean and
 * its lock free): work queued there waits, as on a CPU that is down, until destroy or {@code CPU_UP_PREPARE} gives
 * the queue a thread, which runs it.
 */
class AReplacementThatCannotStartLeavesTheQueueThreadlessTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aFactoryThatThrowsLeavesTheQueueToDestroy() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.DRAIN, factory);
        Workqueue wq = sys.createWorkqueue("no-thread");
        CpuWorkqueue cwq = wq.cpuQueue(1);
        DyingWorkers.closeAtTeardown(res, sys, cwq);
        Thread first = killWorkerWith(wq, factory, DyingWorkers.Mode.THROW);
        assertThreadless(wq, factory, first);

        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(1, new Work(w -> ran.incrementAndGet()));
        factory.mode = DyingWorkers.Mode.MAKE;
        TestThreads.bounded("destroy", wq::destroy); // a thread for the stranded work drains it
        assertThat(ran).as("the work queued on the thread-less queue ran at destroy").hasValue(1);
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    @Test
    void aThreadThatCannotStartLeavesTheQueueToHotplug() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.DRAIN, factory);
        Workqueue wq = sys.createWorkqueue("no-start");
        CpuWorkqueue cwq = wq.cpuQueue(1);
        DyingWorkers.closeAtTeardown(res, sys, cwq);
        int before = factory.made.size();
        Thread first = killWorkerWith(wq, factory, DyingWorkers.Mode.UNSTARTABLE);
        assertThat(factory.made).as("a replacement was made").hasSize(before + 1);
        assertThat(factory.made.get(before).getState()).as("but could not start").isEqualTo(Thread.State.NEW);
        assertThreadless(wq, factory, first);

        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Boolean> queued = res.call("queue on the thread-less queue",
                () -> wq.queueOn(1, new Work(w -> ran.incrementAndGet())));
        assertThat(TestThreads.get(queued, "queue on the thread-less queue")).isTrue();
        assertThat(wq.pendingCount(1)).as("nothing runs it before hotplug").isEqualTo(1);
        factory.mode = DyingWorkers.Mode.MAKE;
        m.offline(1);
        assertThat(m.online(1)).isTrue(); // CPU_UP_PREPARE gives the queue a thread
        TestThreads.bounded("flush after CPU_UP_PREPARE", wq::flush);
        assertThat(ran).as("the work queued on the thread-less queue ran after hotplug").hasValue(1);
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
    }

    /** cpu1's worker dies of an Error in a work, the factory failing as {@code mode} says from then on. */
    private Thread killWorkerWith(Workqueue wq, DyingWorkers.Factory factory, DyingWorkers.Mode mode) {
        Thread first = wq.workerThread(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: the worker dies of it")));
        TestThreads.await(started, "the fatal work started");
        factory.mode = mode;
        gate.countDown();
        TestThreads.join(first);
        return first;
    }

    private static void assertThreadless(Workqueue wq, DyingWorkers.Factory factory, Thread first) {
        assertThat(factory.uncaught.get(first)).as("the worker died of the work's error, its exit path clean")
                .isInstanceOf(OutOfMemoryError.class).hasMessageStartingWith("test:");
        assertThat(wq.cpuQueue(1).lock.isLocked()).as("the dead worker released its queue's lock").isFalse();
        assertThat(wq.workerThread(1)).as("the queue is left thread-less").isNull();
        assertThat(wq.cpuQueue(1).currentWork).isNull();
        assertThat(wq.system.liveWorkerCount(wq)).as("cpu0's worker only").isEqualTo(1);
    }
}
