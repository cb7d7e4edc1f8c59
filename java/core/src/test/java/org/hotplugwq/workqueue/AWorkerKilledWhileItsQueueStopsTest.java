package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that dies of an Error while its queue is stopping — {@code should_stop} set by {@code CPU_DEAD} or by
 * destroy, or takeover's {@code kthread_stop()} waiting for it — gets a replacement only if something is left to
 * run: a draining one that runs what was queued behind the fatal work, then exits; none on an empty queue, where
 * the dead worker's exit is the queue's. Either way the queue's lock is free again and flush and destroy return.
 */
class AWorkerKilledWhileItsQueueStopsTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void afterCpuDeadTheWorkBehindTheFatalOneIsDrainedByAReplacement() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.DRAIN, factory);
        Workqueue wq = sys.createWorkqueue("dies-draining");
        DyingWorkers.closeAtTeardown(res, sys, wq.cpuQueue(1));
        Thread first = wq.workerThread(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        OutOfMemoryError fatal = new OutOfMemoryError("test: the worker dies of it");
        wq.queueOn(1, DyingWorkers.fatal(started, gate, fatal));
        CountDownLatch behindStarted = new CountDownLatch(1);
        CountDownLatch behindGate = res.gate();
        wq.queueOn(1, DyingWorkers.blocker(behindStarted, behindGate));
        TestThreads.await(started, "the fatal work started");
        m.offline(1); // CPU_DEAD: should_stop, with the work behind still queued
        assertThat(wq.shouldStop(1)).isTrue();
        CompletableFuture<Void> flush = res.run("flush", wq::flush);
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2); // the work behind and the flush's barrier
        int threadsBefore = factory.made.size();

        gate.countDown();
        TestThreads.join(first);
        assertThat(factory.uncaught).as("the worker died of the work's error").containsEntry(first, fatal);
        Thread replacement = wq.workerThread(1);
        assertThat(replacement).as("a replacement took the stopping queue over").isNotNull().isNotSameAs(first);
        assertThat(factory.made).hasSize(threadsBefore + 1);
        assertThat(replacement.isAlive()).as("the replacement was started").isTrue();
        assertThat(wq.workerState(1)).as("it drains: the CPU is down").isEqualTo(WorkerState.DRAINING);
        assertThat(sys.liveWorkerCount(wq)).as("cpu0's worker and the replacement; the dead one left").isEqualTo(2);
        TestThreads.await(behindStarted, "the work behind the fatal one started on the replacement");

        behindGate.countDown();
        TestThreads.get(flush, "flush behind the fatal work");
        TestThreads.join(replacement); // drained: it exits as the worker it replaced would have
        assertThat(wq.workerThread(1)).isNull();
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(1);
        assertThat(factory.uncaught).doesNotContainKey(replacement);
        TestThreads.bounded("destroy", wq::destroy);
    }

    @Test
    void afterCpuDeadAWorkerKilledOnAnEmptyQueueLeavesNoReplacement() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.DRAIN, factory);
        Workqueue wq = sys.createWorkqueue("dies-empty");
        CpuWorkqueue cwq = wq.cpuQueue(1);
        DyingWorkers.closeAtTeardown(res, sys, cwq);
        Thread first = wq.workerThread(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        OutOfMemoryError fatal = new OutOfMemoryError("test: the worker dies of it");
        wq.queueOn(1, DyingWorkers.fatal(started, gate, fatal));
        TestThreads.await(started, "the fatal work started");
        m.offline(1); // CPU_DEAD: should_stop, nothing behind the running work
        assertThat(wq.shouldStop(1)).isTrue();
        int threadsBefore = factory.made.size();
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(2);

        gate.countDown();
        TestThreads.join(first);
        assertThat(factory.uncaught).as("the worker died of the work's error").containsEntry(first, fatal);
        assertThat(cwq.lock.isLocked()).as("the dead worker released its queue's lock").isFalse();
        assertThat(factory.made).as("no replacement thread was made").hasSize(threadsBefore);
        assertThat(wq.workerThread(1)).isNull();
        assertThat(sys.liveWorkerCount(wq)).as("the dead worker left the live workers").isEqualTo(1);

        TestThreads.bounded("flush after the death", wq::flush);
        assertThat(m.online(1)).isTrue(); // CPU_UP_PREPARE gives the queue a thread again
        CountDownLatch ran = new CountDownLatch(1);
        CompletableFuture<Void> later = res.run("queue and flush", () -> {
            wq.queueOn(1, new Work(w -> ran.countDown()));
            wq.flush();
        });
        TestThreads.get(later, "queue and flush on the queue of the dead worker");
        assertThat(ran.getCount()).isZero();
        assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
        TestThreads.bounded("destroy", wq::destroy);
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    @Test
    void destroyReturnsWhenTheWorkerDiesOfAnErrorDuringIt() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.DRAIN, factory);
        Workqueue wq = sys.createWorkqueue("dies-in-destroy");
        DyingWorkers.closeAtTeardown(res, sys, wq.cpuQueue(1));
        Thread first = wq.workerThread(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: the worker dies of it")));
        TestThreads.await(started, "the fatal work started");
        CompletableFuture<Void> destroy = res.run("destroy", wq::destroy);
        // destroy's cleanup of cpu1: should_stop, and its barrier behind the running work
        await().atMost(LIMIT).until(() -> wq.shouldStop(1) && wq.pendingCount(1) == 1);
        int threadsBefore = factory.made.size();

        gate.countDown();
        TestThreads.join(first);
        assertThat(factory.made).as("one replacement, for destroy's barrier").hasSize(threadsBefore + 1);
        Thread replacement = factory.made.get(threadsBefore);
        assertThat(replacement.getState()).as("the replacement was started").isNotEqualTo(Thread.State.NEW);
        TestThreads.get(destroy, "destroy while its worker dies");
        assertThat(replacement.isAlive()).as("it ran the barrier and exited before destroy returned").isFalse();
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    @Test
    void underTakeoverAWorkerKilledWhileKthreadStopWaitsLeavesTheRestToTheTakeover() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = DyingWorkers.system(m, HotplugPolicy.TAKEOVER, factory);
        Workqueue wq = sys.createWorkqueue("dies-stopped");
        CpuWorkqueue cwq = wq.cpuQueue(1);
        DyingWorkers.closeAtTeardown(res, sys, cwq);
        Worker first = cwq.worker;
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: the worker dies of it")));
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        wq.queueOn(1, new Work(w -> ranOn.set(Thread.currentThread())));
        TestThreads.await(started, "the fatal work started");
        CompletableFuture<Void> offline = res.run("offline", () -> m.offline(1));
        await().atMost(LIMIT).until(() -> first.stopNow); // kthread_stop() waits for the fatal work
        int threadsBefore = factory.made.size();

        gate.countDown();
        TestThreads.get(offline, "CPU_DEAD's takeover");
        assertThat(factory.made).as("no replacement for a worker told to stop").hasSize(threadsBefore);
        assertThat(cwq.worker).isNull();
        TestThreads.bounded("flush", wq::flush);
        assertThat(ranOn.get()).as("the work behind ran on cpu0's worker, after the takeover")
                .isSameAs(wq.workerThread(0));
        assertThat(sys.stats().takenOverWorks()).isEqualTo(1);
        assertThat(sys.liveWorkerCount(wq)).isEqualTo(1);
    }
}
