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
 * {@code flush_work()} of a work running inline, nested in works that flushed their own workqueue, waits for that
 * work and what it runs inline, not for the works around it; and of a work not running, however many run, it does
 * not wait at all.
 */
class FlushWorkFindsTheNestedInstanceTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** Far longer than a flush_work that only waits for a work that has ended takes. */
    private static final Duration BOUNDED = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    /** A work that queues {@code next} (if any), flushes its workqueue (running it inline), then waits at the gate. */
    private static Work nesting(Workqueue wq, Work next, CountDownLatch started, CountDownLatch gate) {
        return new Work(w -> {
            started.countDown();
            if (next != null) {
                wq.queue(next);
                wq.flush();
            }
            TestThreads.await(gate, "gate");
        });
    }

    @Test
    void flushWorkOfANestedWorkReturnsOnceItEndsWhileTheWorksAroundItStillRun() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("nested");
        CountDownLatch innermostStarted = new CountDownLatch(1);
        CountDownLatch[] gates = {res.gate(), res.gate(), res.gate()};
        Work innermost = nesting(wq, null, innermostStarted, gates[2]); // running at index 2
        Work middle = nesting(wq, innermost, new CountDownLatch(1), gates[1]); // index 1
        Work outer = nesting(wq, middle, new CountDownLatch(1), gates[0]); // index 0
        wq.queue(outer);
        TestThreads.await(innermostStarted, "three works running, nested");

        CompletableFuture<Boolean> ofInnermost = res.call("flush_work(innermost)", () -> wq.flushWork(innermost));
        await().atMost(LIMIT).until(() -> ofInnermost.isDone() || wq.pendingCount(0) == 1); // its barrier
        assertThat(ofInnermost).as("waits while the innermost work runs").isNotDone();
        gates[2].countDown();
        await("flush_work(innermost) returns while middle and outer still run").atMost(BOUNDED)
                .until(ofInnermost::isDone);

        CompletableFuture<Boolean> ofMiddle = res.call("flush_work(middle)", () -> wq.flushWork(middle));
        await().atMost(LIMIT).until(() -> ofMiddle.isDone() || wq.pendingCount(0) == 1);
        assertThat(ofMiddle).as("waits while the middle work runs").isNotDone();
        gates[1].countDown();
        await("flush_work(middle) returns while outer still runs").atMost(BOUNDED).until(ofMiddle::isDone);
        assertThat(TestThreads.get(ofInnermost, "flush_work(innermost)")).as("nothing was pending").isFalse();
        assertThat(TestThreads.get(ofMiddle, "flush_work(middle)")).isFalse();
        gates[0].countDown();
        wq.flush();
        assertThat(sys.stats().workFailures()).isZero();
    }

    @Test
    void flushWorkOfAWorkNotRunningDoesNotWaitWhileTheQueueRunsFourDeep() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("four-deep");
        AtomicInteger ran = new AtomicInteger();
        Work bystander = new Work(w -> ran.incrementAndGet());
        CountDownLatch deepest = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        Work level4 = new Work(w -> {
            wq.queue(bystander); // pending, never run inline: this level flushes nothing
            deepest.countDown();
            TestThreads.await(gate, "gate");
        });
        Work level3 = nesting(wq, level4, new CountDownLatch(1), gate);
        Work level2 = nesting(wq, level3, new CountDownLatch(1), gate);
        wq.queue(nesting(wq, level2, new CountDownLatch(1), gate));
        TestThreads.await(deepest, "four works running, nested");
        assertThat(wq.flushWork(bystander)).as("taken off the queue").isTrue();
        assertThat(wq.pendingCount(0)).as("no barrier: the bystander is not running").isZero();
        gate.countDown();
        wq.flush();
        assertThat(ran).hasValue(0);
        assertThat(sys.stats().workFailures()).isZero();
    }
}
