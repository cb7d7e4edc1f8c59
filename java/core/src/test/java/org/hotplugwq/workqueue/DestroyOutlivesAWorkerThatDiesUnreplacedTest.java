package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker that dies of an Error while destroy waits for its queue, and whose replacement cannot be made, leaves
 * the queue with no thread; no hotplug event gives it one (the workqueue has left the list). Destroy starts a
 * draining thread itself, so it neither waits forever nor loses the work behind the fatal one; when no thread can
 * be made at all it gives the work up with an error and still returns.
 */
class DestroyOutlivesAWorkerThatDiesUnreplacedTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    /** {@code Thread::new}, except that the next {@link #failNext} threads cannot be made. */
    private static final class FlakyFactory implements ThreadFactory {
        final AtomicInteger failNext = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("test: no thread can be made");
            }
            return new Thread(r);
        }
    }

    @Test
    void aNewThreadDrainsTheQueueAndDestroyReturns() {
        SimMachine m = new SimMachine(2);
        FlakyFactory factory = new FlakyFactory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .threadFactory(factory).failureHandler((wq, cpu, work, failure) -> { }).build()));
        Workqueue wq = sys.createWorkqueue("dies-in-destroy");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        CountDownLatch behindRan = new CountDownLatch(1);
        Work behind = new Work(w -> behindRan.countDown());
        wq.queueOn(1, DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: dies in destroy")));
        wq.queueOn(1, behind);
        TestThreads.await(started, "the fatal work");
        CompletableFuture<Void> destroy = res.run("destroyer", wq::destroy);
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2); // destroy's barrier is behind `behind`
        factory.failNext.set(1); // the replacement cannot be made
        gate.countDown();
        TestThreads.get(destroy, "the destroy");
        assertThat(behindRan.getCount()).as("the work behind the fatal one ran").isZero();
        assertThat(behind.isPending()).isFalse();
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(wq.workerThread(1)).isNull();
    }

    @Test
    void withNoThreadAtAllDestroyGivesTheWorkUpAndReturns() {
        SimMachine m = new SimMachine(2);
        FlakyFactory factory = new FlakyFactory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .threadFactory(factory).failureHandler((wq, cpu, work, failure) -> { }).build()));
        Workqueue wq = sys.createWorkqueue("no-threads");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.fatal(started, gate, new OutOfMemoryError("test: dies in destroy")));
        wq.queueOn(1, new Work(w -> { }));
        TestThreads.await(started, "the fatal work");
        CompletableFuture<Void> destroy = res.run("destroyer", wq::destroy);
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2);
        factory.failNext.set(2); // neither the replacement nor destroy's draining thread
        gate.countDown();
        TestThreads.get(destroy, "the destroy");
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(factory.failNext.get()).as("both threads were asked for").isZero();
    }

    @Test
    void aListFoundCorruptDuringDestroyIsAbandonedAndDestroyReturns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("corrupt-in-destroy");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, DyingWorkers.blocker(started, gate));
        Work x = new Work(w -> { });
        wq.queueOn(1, x);
        TestThreads.await(started, "the blocking work");
        CompletableFuture<Void> destroy = res.run("destroyer", wq::destroy);
        await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 2); // x, then destroy's barrier
        ListHeadGuardTest.linkIntoAnotherQueuesHead(wq, 1, x);
        gate.countDown();
        TestThreads.get(destroy, "the destroy");
        assertThat(sys.stats().listCorruptions()).isEqualTo(1);
        assertThat(wq.isDestroyed()).isTrue();
    }
}
