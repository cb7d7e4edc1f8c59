package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code flush()} and {@code flushWork()} wait for a running work even while it runs its own queue inline (it
 * flushed its own workqueue): a flush barrier that the nested run reaches completes only once the works it runs
 * inside have finished (README, "Where this differs from the seed").
 */
class FlushWaitsForAWorkThatFlushedItselfTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** How long a wrong early return gets to show itself; a correct flush is blocked far longer. */
    private static final long EARLY_MS = 500;
    @RegisterExtension
    final TestResources res = new TestResources();

    /** Outer work on cpu0: waits for {@code before}, flushes its own workqueue, opens {@code nested}, waits. */
    private static Work outer(Workqueue wq, CountDownLatch started, CountDownLatch before, CountDownLatch nested,
                              CountDownLatch gate, AtomicBoolean finished) {
        return new Work(w -> {
            started.countDown();
            TestThreads.await(before, "before");
            wq.queueOn(0, new Work(x -> { }));
            wq.flush(); // runs cpu0's queue inline, the other flusher's barrier included
            nested.countDown();
            TestThreads.await(gate, "gate");
            finished.set(true);
        });
    }

    /** The flush may not return while the outer work is blocked on the gate; then the gate opens. */
    private static boolean returnedAfterTheOuterWork(CompletableFuture<Boolean> flush, CountDownLatch gate) {
        try {
            flush.get(EARLY_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWaiting) {
            // as it should: the outer work is still running
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        gate.countDown();
        return TestThreads.get(flush, "the flush");
    }

    @Test
    void flushReturnsOnlyOnceAWorkThatRanItsQueueInlineHasFinished() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("nested-flush");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch before = res.gate();
        CountDownLatch nested = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        wq.queueOn(0, outer(wq, started, before, nested, gate, finished));
        TestThreads.await(started, "the outer work started");
        CompletableFuture<Boolean> flush = res.call("flush", () -> {
            wq.flush();
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1); // its barrier, behind the running work
        before.countDown();
        TestThreads.await(nested, "the nested flush");
        assertThat(returnedAfterTheOuterWork(flush, gate)).as("flush returned after the outer work").isTrue();
    }

    @Test
    void flushWorkOfAWorkRunningItsQueueInlineWaitsForIt() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("nested-flush-work");
        CountDownLatch innerStarted = new CountDownLatch(1);
        CountDownLatch innerGate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        Work outer = new Work(w -> {
            wq.queueOn(0, new Work(x -> {
                innerStarted.countDown();
                TestThreads.await(innerGate, "inner gate");
            }));
            wq.flush(); // the inner work runs here, nested in this one
            finished.set(true);
        });
        wq.queueOn(0, outer);
        TestThreads.await(innerStarted, "the nested work started");
        CompletableFuture<Boolean> flushWork = res.call("flush-work", () -> {
            wq.flushWork(outer);
            return finished.get();
        });
        // it either returns at once (the bug: the running work it sees is the nested one) or waits on a barrier
        await().atMost(LIMIT).until(() -> flushWork.isDone() || wq.pendingCount(0) == 1);
        assertThat(flushWork).isNotDone();
        innerGate.countDown();
        assertThat(TestThreads.get(flushWork, "flush_work")).as("flush_work returned after the outer work").isTrue();
    }

    @Test
    void flushWorkCalledBeforeTheWorkRanItsQueueInlineStillWaitsForIt() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("nested-flush-work");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch before = res.gate();
        CountDownLatch nested = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        Work outer = outer(wq, started, before, nested, gate, finished);
        wq.queueOn(0, outer);
        TestThreads.await(started, "the outer work started");
        CompletableFuture<Boolean> flushWork = res.call("flush-work", () -> {
            wq.flushWork(outer);
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1); // its barrier, right after the running work
        before.countDown();
        TestThreads.await(nested, "the nested flush");
        assertThat(returnedAfterTheOuterWork(flushWork, gate)).as("flush_work returned after the outer work")
                .isTrue();
    }
}
