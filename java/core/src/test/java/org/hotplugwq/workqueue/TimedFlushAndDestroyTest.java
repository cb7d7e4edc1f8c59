package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Workqueue#flushWithin} and {@link Workqueue#destroyWithin}: waits a caller can bound and
 * interrupt, for work that may never finish (stranded on a CPU that stays down, frozen, or simply slow).
 */
class TimedFlushAndDestroyTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aFlushBehindStrandedWorkTimesOutAndSucceedsOnceTheCpuIsBack() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("stranded");
        m.offline(1);
        await().atMost(LIMIT).until(() -> wq.workerThread(1) == null);
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(1, new Work(w -> ran.incrementAndGet())); // stranded until cpu1 returns
        long start = System.nanoTime();
        assertThat(wq.flushWithin(100, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(ran).hasValue(0);
        m.online(1);
        assertThat(wq.flushWithin(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ran).hasValue(1);
    }

    @Test
    void anInterruptEndsATimedFlushWithInterruptedException() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("interrupted");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queue(new Work(w -> {
            running.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(running, "the blocking work");
        AtomicReference<Thread> flusher = new AtomicReference<>();
        CompletableFuture<Boolean> flush = res.call("flush", () -> {
            flusher.set(Thread.currentThread());
            return wq.flushWithin(1, TimeUnit.HOURS);
        });
        await().atMost(LIMIT).until(() -> wq.pendingCount(0) == 1); // its barrier
        flusher.get().interrupt();
        assertThatThrownBy(() -> TestThreads.get(flush, "timed flush"))
                .hasCauseInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> wq.flushWithin(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the status is consumed, as by any InterruptedException").isFalse();
        gate.countDown();
        assertThat(wq.flushWithin(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aWorkRunInlineByATimedFlushIsNotBoundByItsTimeout() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("inline");
        Workqueue other = sys.createSinglethreadWorkqueue("other");
        CountDownLatch otherRunning = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        other.queue(new Work(w -> {
            otherRunning.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(otherRunning, "other's blocking work");
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        wq.queue(new Work(outer -> {
            wq.queue(new Work(inner -> other.flush())); // untimed: waits for the gate
            try {
                done.complete(wq.flushWithin(1, TimeUnit.NANOSECONDS)); // runs inner inline; no time for itself
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }));
        await().atMost(LIMIT).until(() -> done.isDone() || other.pendingCount(0) == 1); // inner's barrier
        assertThat(done).as("the inner flush still waits").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(done, "the timed flush")).isTrue();
        assertThat(sys.stats().workFailures()).as("the inner flush did not time out").isZero();
    }

    @Test
    void aTimedDestroyReturnsFalseWhileAWorkRunsThenCompletesByItself() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("slow");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicInteger after = new AtomicInteger();
        wq.queueOn(1, new Work(w -> {
            running.countDown();
            TestThreads.await(gate, "gate");
        }));
        wq.queueOn(1, new Work(w -> after.incrementAndGet()));
        TestThreads.await(running, "the blocking work");
        assertThat(wq.destroyWithin(50, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(wq.isDestroying()).as("started before the wait").isTrue();
        assertThat(wq.isDestroyed()).isFalse();
        assertThat(sys.workqueues()).doesNotContain(wq);
        assertThatThrownBy(wq::destroy).isInstanceOf(IllegalStateException.class);
        assertThat(wq.awaitDestroyed(10, TimeUnit.MILLISECONDS)).isFalse();
        gate.countDown();
        assertThat(wq.awaitDestroyed(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(after).as("destroy loses nothing").hasValue(1);
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    @Test
    void aTimedDestroyThatFinishesInTimeReturnsTrue_andItsPreconditionsThrowOnTheCaller() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("quick");
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(0, new Work(w -> ran.incrementAndGet()));
        assertThat(wq.destroyWithin(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(ran).hasValue(1);
        assertThatThrownBy(() -> wq.destroyWithin(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sys.keventd().destroyWithin(1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class);

        Workqueue self = sys.createSinglethreadWorkqueue("self");
        CompletableFuture<Throwable> fromItsWork = new CompletableFuture<>();
        self.queue(new Work(w -> {
            try {
                self.destroyWithin(1, TimeUnit.SECONDS);
                fromItsWork.complete(null);
            } catch (Throwable t) {
                fromItsWork.complete(t);
            }
        }));
        assertThat(TestThreads.get(fromItsWork, "destroy from its own work"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(self.isDestroying()).isFalse();
    }
}
