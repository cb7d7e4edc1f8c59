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
 * The walk that refuses a wait closing a cycle (README, "Waiting from a work"): barrier → its queue's worker → the
 * barrier that worker waits for → …. It finds a cycle through every live worker of the system, names each queue of
 * the cycle in its exception, and takes a chain that ends at a queue without a worker for no cycle.
 * The flush that should be refused is a timed one: if it were not refused it would end by itself, not deadlock.
 */
class CycleWalkTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** How long an unrefused closing flush waits before it gives up (the refusal itself is immediate). */
    private static final long UNREFUSED_MS = 2000;
    @RegisterExtension
    final TestResources res = new TestResources();

    /**
     * A work of {@code first} waits for a work of {@code second} that waits (plain flush) for it: the second's
     * flush of {@code first} sits behind the running work; then the first flushes {@code second}, timed.
     */
    private static Throwable closeACycle(Workqueue first, Workqueue second) {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CompletableFuture<Throwable> closing = new CompletableFuture<>();
        first.queueOn(0, new Work(w -> {
            firstRunning.countDown();
            await().atMost(LIMIT).until(() -> first.pendingCount(0) == 1); // second's barrier, behind this work
            try {
                boolean flushed = second.flushWithin(UNREFUSED_MS, TimeUnit.MILLISECONDS);
                closing.complete(new AssertionError("the flush closing the cycle was not refused; it returned "
                        + flushed));
            } catch (Throwable t) {
                closing.complete(t);
            }
        }));
        CountDownLatch secondDone = new CountDownLatch(1);
        second.queueOn(0, new Work(w -> {
            TestThreads.await(firstRunning, "first's work running");
            first.flush();
            secondDone.countDown();
        }));
        Throwable t = TestThreads.get(closing, "the flush closing the cycle");
        TestThreads.await(secondDone, "the second work's flush");
        return t;
    }

    @Test
    void aCycleThroughEveryLiveWorkerIsFound() {
        SimMachine m = new SimMachine(1); // keventd's one worker and one's: the cycle holds every live worker
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue one = sys.createSinglethreadWorkqueue("one");
        assertThat(sys.liveWorkerCount()).isEqualTo(2);
        assertThat(closeACycle(one, sys.keventd())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("would deadlock: one/0 waits for events/0 waits for one/0 (");
    }

    @Test
    void theRefusalNamesEachQueueOfTheCycle() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue one = sys.createSinglethreadWorkqueue("one");
        Workqueue two = sys.createWorkqueue("two");
        assertThat(closeACycle(one, two)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("waiting for two/0 from a work of one/0 would deadlock: "
                        + "one/0 waits for two/0 waits for one/0 (");
    }

    @Test
    void aChainEndingAtAQueueWithoutAWorkerIsNoCycle() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue stranded = sys.createWorkqueue("stranded");
        Workqueue waiter = sys.createSinglethreadWorkqueue("waiter");
        m.offline(1);
        await().atMost(LIMIT).until(() -> stranded.workerThread(1) == null);
        stranded.queueOn(1, new Work(w -> { })); // no worker runs it until cpu1 is back
        CompletableFuture<Boolean> timed = new CompletableFuture<>();
        waiter.queue(new Work(w -> { // its flush waits for a barrier on a queue without a worker
            try {
                timed.complete(stranded.flushWithin(50, TimeUnit.MILLISECONDS));
            } catch (Throwable t) {
                timed.completeExceptionally(t);
            }
        }));
        assertThat(TestThreads.get(timed, "the flush from a work")).as("timed out, not refused").isFalse();
        m.online(1);
        assertThat(stranded.flushWithin(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(sys.stats().workFailures()).isZero();
    }
}
