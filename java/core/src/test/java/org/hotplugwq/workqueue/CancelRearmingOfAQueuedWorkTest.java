package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DelayedWork#cancelRearming()} of a delayed work caught on a queue (queued with no delay, or its timer
 * already fired), not armed and not running: {@code try_to_grab_pending()} takes it off the queue with its pending
 * bit, so it never runs, and reports a cancel. (A work that re-arms itself: {@link
 * CancelRearmingStopsASelfRearmingWorkTest}.)
 */
class CancelRearmingOfAQueuedWorkTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration HANG = Duration.ofSeconds(5);
    @RegisterExtension
    final TestResources res = new TestResources();

    private final AtomicInteger runs = new AtomicInteger();
    private final DelayedWork dw = new DelayedWork(w -> runs.incrementAndGet());
    private Workqueue wq;
    private CountDownLatch blocker;

    /** A workqueue whose cpu0 worker is held in a running work until {@link #blocker} opens. */
    private void blockCpu0() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        wq = sys.createWorkqueue("queued");
        blocker = res.gate();
        CountDownLatch started = new CountDownLatch(1);
        wq.queueOn(0, new Work(w -> {
            started.countDown();
            TestThreads.await(blocker, "blocker");
        }));
        TestThreads.await(started, "the blocker running on cpu0");
    }

    /** cancelRearming() returns (bounded: a grab that misses the queued work spins); the work never runs. */
    private void cancelTakesItOffTheQueueForGood() {
        assertThat(wq.pendingCount(0)).as("queued behind the blocker").isEqualTo(1);
        CompletableFuture<Boolean> cancel = res.call("cancelRearming", dw::cancelRearming);
        assertThat(cancel).as("cancelRearming of a queued work").succeedsWithin(HANG)
                .as("a queued instance was cancelled").isEqualTo(true);
        assertThat(dw.isPending()).isFalse();
        assertThat(wq.pendingCount(0)).as("taken off the queue").isZero();
        blocker.countDown();
        wq.flush();
        assertThat(runs).as("runs of the cancelled work").hasValue(0);
        assertThat(wq.queueDelayedOn(1, dw, 0, TimeUnit.MILLISECONDS)).as("usable again").isTrue();
        wq.flush();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aWorkQueuedWithNoDelayIsTakenOffAndNeverRuns() {
        blockCpu0();
        assertThat(wq.queueDelayedOn(0, dw, 0, TimeUnit.MILLISECONDS)).isTrue();
        cancelTakesItOffTheQueueForGood();
    }

    @Test
    void aWorkWhoseTimerHasFiredIsTakenOffAndNeverRuns() {
        blockCpu0();
        assertThat(wq.queueDelayedOn(0, dw, 1, TimeUnit.MILLISECONDS)).isTrue();
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1); // fired: queued, not yet run
        assertThat(dw.isTimerArmed()).isFalse();
        assertThat(dw.isPending()).isTrue();
        cancelTakesItOffTheQueueForGood();
    }

    /**
     * Queued on cpu0 while an earlier instance runs on cpu1: cancelRearming() takes it off the queue and then waits
     * for the running one, holding the pending bit all along — nobody can queue the work meanwhile.
     */
    @Test
    void whileItWaitsForARunningInstanceTheQueuedOneStaysTakenAndNobodyCanQueueIt() {
        blockCpu0();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        AtomicInteger calls = new AtomicInteger();
        DelayedWork twice = new DelayedWork(w -> {
            if (calls.incrementAndGet() == 1) {
                running.countDown();
                TestThreads.await(release, "release");
            }
        });
        wq.queueDelayedOn(1, twice, 0, TimeUnit.MILLISECONDS);
        TestThreads.await(running, "the first instance running on cpu1");
        assertThat(wq.queueDelayedOn(0, twice, 0, TimeUnit.MILLISECONDS)).as("queued again while it runs").isTrue();
        assertThat(wq.pendingCount(0)).isEqualTo(1);

        CompletableFuture<Boolean> cancel = res.call("cancelRearming", twice::cancelRearming);
        await().atMost(LIMIT).until(() -> cancel.isDone() || wq.pendingCount(1) == 1); // its flush_work barrier
        assertThat(cancel).as("waits for the running instance").isNotDone();
        assertThat(wq.pendingCount(0)).as("the queued instance taken off").isZero();
        assertThat(twice.isPending()).as("the bit held by the cancel").isTrue();
        assertThat(wq.queueOn(0, twice)).as("queue() while cancelRearming() holds the bit").isFalse();
        assertThat(wq.queueDelayed(twice, 0, TimeUnit.MILLISECONDS)).isFalse();

        release.countDown();
        assertThat(TestThreads.get(cancel, "cancelRearming")).as("the queued instance was cancelled").isTrue();
        assertThat(twice.isPending()).isFalse();
        blocker.countDown();
        wq.flush();
        assertThat(calls).as("only the instance that was running ran").hasValue(1);
    }
}
