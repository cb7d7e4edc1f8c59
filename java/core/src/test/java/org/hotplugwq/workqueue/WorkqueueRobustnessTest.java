package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Edge cases a review of the core found: each test failed before its fix. */
class WorkqueueRobustnessTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aWorkThrowingAnErrorIsCountedAndTheWorkerGoesOn() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("errors");
        Thread worker = wq.workerThread(0);
        AtomicInteger after = new AtomicInteger();
        wq.queue(new Work(w -> {
            throw new ExceptionInInitializerError("test");
        }));
        wq.queue(new Work(w -> recurse(0)));
        wq.queue(new Work(w -> after.incrementAndGet()));
        assertTimeoutPreemptively(LIMIT, wq::flush);
        assertThat(after).hasValue(1);
        assertThat(sys.stats().workFailures()).isEqualTo(2);
        assertThat(wq.workerThread(0)).isSameAs(worker);
        assertTimeoutPreemptively(LIMIT, wq::destroy);
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1; // StackOverflowError: the stack unwinds, the worker survives
    }

    @Test
    void workQueuedToACpuUpBeforeItsUpPrepareIsSeenByFlushAndDestroy() throws Exception {
        SimMachine m = new SimMachine(2);
        m.platform.setOnline(1, false);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN)); // cpu1 neither online nor populated
        Workqueue wq = sys.createWorkqueue("early");
        m.platform.setOnline(1, true); // the kernel brought it up; our CPU_UP_PREPARE has not come yet
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(1, new Work(w -> ran.incrementAndGet()));
        assertThat(sys.populatedCpus().contains(1)).isTrue();
        CompletableFuture<Integer> flush = res.call("flush", () -> {
            wq.flush();
            return ran.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2); // the work and the flush's barrier
        assertThat(flush).isNotDone();
        m.send(CpuAction.CPU_UP_PREPARE, 1); // its thread finds the stranded work
        m.send(CpuAction.CPU_ONLINE, 1);
        assertThat(flush.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void aRefusedUpPrepareUndoesItselfWithoutWaitingForUpCanceled() {
        SimMachine m = new SimMachine(2);
        AtomicInteger allowed = new AtomicInteger(Integer.MAX_VALUE);
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(m.platform).threadFactory(r -> {
            if (allowed.decrementAndGet() < 0) {
                throw new IllegalStateException("no more threads (test)");
            }
            return new Thread(r);
        }).build());
        m.register(sys);
        sys.createWorkqueue("second");
        m.offline(1);
        await().atMost(LIMIT).until(() -> sys.keventd().workerThread(1) == null);
        allowed.set(1); // keventd's worker is made, the next fails
        assertThat(sys.onCpuAction(CpuAction.CPU_UP_PREPARE, 1)).isEqualTo(NotifyResult.BAD);
        assertThat(sys.embryonicCpu()).isEqualTo(-1);
        await().atMost(LIMIT).until(() -> sys.keventd().workerThread(1) == null); // drained away, no UP_CANCELED
        allowed.set(Integer.MAX_VALUE);
        Workqueue later = sys.createWorkqueue("later");
        assertThat(later.workerThread(1)).isNull(); // no stray thread for a CPU that is not coming
    }

    @Test
    void aWorkThatFlushedItsOwnQueueIsStillWaitedForByFlushWork() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("nested");
        CountDownLatch nestedDone = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean outerFinished = new AtomicBoolean();
        Work outer = new Work(w -> {
            wq.queue(new Work(x -> { }));
            wq.flush(); // runs the inner work inline
            nestedDone.countDown();
            TestThreads.await(gate, "gate");
            outerFinished.set(true);
        });
        wq.queue(outer);
        TestThreads.await(nestedDone, "the nested flush");
        CompletableFuture<Boolean> flushWork = res.call("flush-work", () -> {
            wq.flushWork(outer);
            return outerFinished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1); // its barrier, behind the running outer work
        assertThat(flushWork).isNotDone();
        gate.countDown();
        assertThat(flushWork.get(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancellingThroughAnotherSystemsTimerTouchesNothingThere() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem one = res.track(m.system(HotplugPolicy.DRAIN));
        WorkqueueSystem two = res.track(m.system(HotplugPolicy.DRAIN));
        DelayedWork mine = new DelayedWork(w -> { });
        DelayedWork theirs = new DelayedWork(w -> { });
        one.keventd().queueDelayed(mine, 1, TimeUnit.HOURS);
        two.keventd().queueDelayed(theirs, 1, TimeUnit.HOURS); // both at heap index 0 of their own timer
        assertThat(one.timer.disarm(theirs)).isFalse(); // what a stale cancel() would do
        assertThat(mine.isTimerArmed()).isTrue();
        assertThat(one.armedTimers()).isEqualTo(1);
        assertThat(theirs.cancel()).isTrue();
        assertThat(mine.cancel()).isTrue();
    }
}
