package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A timed flush made by a work that another timed flush runs inline nests in it on one thread: when the inner
 * call returns, the outer call's deadline bounds the outer's remaining waits again (README, "Waiting from a
 * work"). Losing it would turn the rest of the outer flush into an unbounded wait.
 */
class NestedTimedFlushRestoresTheOuterDeadlineTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** Far beyond the outer call's 100 ms; the wait it bounds would otherwise last until the gate opens. */
    private static final Duration BOUNDED = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theOuterTimedFlushStillTimesOutAfterAnInnerTimedFlushReturned() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue outerWq = sys.createWorkqueue("outer");
        Workqueue innerWq = sys.createSinglethreadWorkqueue("inner");
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        outerWq.queueOn(1, new Work(w -> { // what the outer flush waits for on cpu1, after its inline run on cpu0
            blocking.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(blocking, "the blocking work on cpu1");
        CompletableFuture<Boolean> inner = new CompletableFuture<>();
        CompletableFuture<Boolean> outer = new CompletableFuture<>();
        outerWq.queueOn(0, new Work(x -> {
            outerWq.queueOn(0, new Work(y -> { // run inline by the outer flush: a timed call nested in it
                innerWq.queue(new Work(z -> { }));
                complete(inner, () -> innerWq.flushWithin(LIMIT.toSeconds(), TimeUnit.SECONDS));
            }));
            complete(outer, () -> outerWq.flushWithin(100, TimeUnit.MILLISECONDS)); // cpu0 inline, then cpu1
        }));
        await("the outer timed flush returns").atMost(BOUNDED).until(outer::isDone);
        assertThat(TestThreads.get(inner, "the inner timed flush")).isTrue();
        assertThat(TestThreads.get(outer, "the outer timed flush")).as("timed out on cpu1's blocked work").isFalse();
        gate.countDown();
        assertThat(sys.stats().workFailures()).isZero();
    }

    private interface TimedFlush {
        boolean call() throws InterruptedException;
    }

    private static void complete(CompletableFuture<Boolean> result, TimedFlush flush) {
        try {
            result.complete(flush.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }
}
