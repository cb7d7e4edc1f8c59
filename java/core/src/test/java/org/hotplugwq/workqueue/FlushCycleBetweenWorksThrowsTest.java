package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two works of one multi-threaded workqueue that flush it at once wait for each other: each flush puts a barrier
 * behind the other's running work. In the kernel that is a silent deadlock of both worker threads (and of every
 * later flush and destroy); here the flush that would close the cycle throws instead, and both works finish.
 */
class FlushCycleBetweenWorksThrowsTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theFlushThatClosesTheCycleThrowsAndTheOtherCompletes() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("cycle");
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch bothDone = new CountDownLatch(2);
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Work a = new Work(w -> { // cpu0: flushes first, waits for its barrier behind b on cpu1
            bothRunning.countDown();
            TestThreads.await(bothRunning, "both works running");
            try {
                wq.flush();
            } catch (Throwable t) {
                first.set(t);
            }
            bothDone.countDown();
        });
        Work b = new Work(w -> { // cpu1: flushes once a waits, putting its barrier behind a on cpu0
            bothRunning.countDown();
            TestThreads.await(bothRunning, "both works running");
            await().atMost(LIMIT).until(() -> wq.pendingCount(1) == 1); // a's barrier, behind this work
            try {
                wq.flush();
            } catch (Throwable t) {
                second.set(t);
            }
            bothDone.countDown();
        });
        wq.queueOn(0, a);
        wq.queueOn(1, b);
        assertThat(bothDone.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("both works finished").isTrue();
        assertThat(first.get()).as("the flush that waited first completes").isNull();
        assertThat(second.get()).as("the flush that would close the cycle")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadlock");
        wq.flush();
        wq.destroy();
    }

    @Test
    void aWorkWaitingForItsOwnQueueThroughAnotherWorkqueueIsRefusedToo() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue one = sys.createSinglethreadWorkqueue("one");
        Workqueue two = sys.createSinglethreadWorkqueue("two");
        CountDownLatch oneRunning = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(2);
        one.queue(new Work(w -> {
            oneRunning.countDown();
            await().atMost(LIMIT).until(() -> one.pendingCount(0) == 1); // two's work waits behind this one
            try {
                two.flush(); // behind two's work, which waits for this one
            } catch (Throwable t) {
                failure.set(t);
            }
            done.countDown();
        }));
        two.queue(new Work(w -> {
            TestThreads.await(oneRunning, "one's work running");
            one.flush();
            done.countDown();
        }));
        assertThat(done.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("both works finished").isTrue();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock");
    }
}
