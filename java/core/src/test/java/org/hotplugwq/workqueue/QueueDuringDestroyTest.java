package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * "destroy loses nothing" also for work queued while destroy runs: what a queue takes runs before destroy returns,
 * even on a queue whose worker destroy has already stopped; once destroy has passed over every queue, a queue with
 * no worker refuses work ({@link IllegalStateException}, pending bit cleared) and a delayed work whose timer fires
 * there is dropped and counted (README, "Where this differs from the seed").
 */
class QueueDuringDestroyTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void workQueuedOnAQueueDestroyHasAlreadyStoppedStillRunsBeforeDestroyReturns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("dying");
        AtomicInteger ran = new AtomicInteger();
        Work x = new Work(w -> ran.incrementAndGet());
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Object> outcome = new AtomicReference<>();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            await().atMost(LIMIT).until(() -> wq.workerThread(0) == null); // destroy is done with cpu0
            outcome.set(wq.queueOn(0, x));
        }));
        TestThreads.await(started, "the work on cpu1 started");
        CompletableFuture<Void> destroy = res.run("destroy", wq::destroy);
        assertThat(destroy).succeedsWithin(LIMIT);
        assertThat(outcome).hasValue(true);
        assertThat(ran).as("runs of the work queued on the stopped queue").hasValue(1);
        assertThat(x.isPending()).isFalse();
    }

    @Test
    void onceDestroyHasPassedOverEveryQueueAQueueWithoutWorkerRefusesWork() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("dying");
        Work z = new Work(w -> { });
        AtomicReference<Object> outcome = new AtomicReference<>();
        Work y = new Work(w -> { // runs in destroy's second pass, on a thread draining cpu0's leftovers
            try {
                outcome.set(wq.queueOn(1, z)); // cpu1's worker is gone for good
            } catch (IllegalStateException refused) {
                outcome.set(refused);
            }
        });
        CountDownLatch started = new CountDownLatch(1);
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            await().atMost(LIMIT).until(() -> wq.workerThread(0) == null);
            wq.queueOn(0, y);
        }));
        TestThreads.await(started, "the work on cpu1 started");
        assertThat(res.run("destroy", wq::destroy)).succeedsWithin(LIMIT);
        assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
        assertThat(z.isPending()).as("the refused work's pending bit").isFalse();
        assertThatThrownBy(() -> wq.queueOn(1, z)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void queueingOnAQueueDestroyHasNotStoppedYetRunsBeforeDestroyReturns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("dying");
        AtomicInteger ran = new AtomicInteger();
        Work x = new Work(w -> ran.incrementAndGet());
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(0, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the work on cpu0 started");
        CompletableFuture<Void> destroy = res.run("destroy", wq::destroy);
        await().atMost(LIMIT).until(() -> wq.isDestroying() && wq.pendingCount(0) == 1); // cleanup's barrier
        assertThat(wq.queueOn(0, x)).isTrue();
        assertThat(wq.queueOn(1, new Work(w -> ran.incrementAndGet()))).isTrue();
        gate.countDown();
        assertThat(destroy).succeedsWithin(LIMIT);
        assertThat(ran).hasValue(2);
        assertThat(x.isPending()).isFalse();
    }

    @Test
    void aSelfRearmingDelayedWorkDuringDestroyIsNeverLeftPendingForever() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("rearming");
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<DelayedWork> self = new AtomicReference<>();
        DelayedWork dw = new DelayedWork(w -> {
            ran.incrementAndGet();
            try {
                wq.queueDelayedOn(0, self.get(), 20, TimeUnit.MILLISECONDS); // fires while destroy runs
            } catch (IllegalStateException destroyed) {
                // destroy has returned: that is the end of it
            }
        });
        self.set(dw);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, new Work(w -> { // holds destroy on cpu1 until the re-armed timer has fired
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the work on cpu1 started");
        wq.queueDelayedOn(0, dw, 1, TimeUnit.HOURS);
        CompletableFuture<Void> destroy = res.run("destroy", wq::destroy); // fires the timer at once
        await().atMost(LIMIT).until(() -> ran.get() == 1 && wq.workerThread(0) == null && !dw.isTimerArmed());
        gate.countDown();
        assertThat(destroy).succeedsWithin(LIMIT);
        assertThat(ran.get()).as("runs: before cpu0 stopped, and after, from the queue it stopped").isGreaterThan(1);
        await().atMost(LIMIT).until(() -> !dw.isPending()); // its last timer dropped, and counted
        assertThat(sys.stats().droppedTimers()).isEqualTo(1);
    }
}
