package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deadline of {@link Workqueue#flushWithin} belongs to that call only: a plain {@link Workqueue#flush()} the
 * same thread makes afterwards waits as long as it takes, not until the old (long expired) deadline.
 */
class ATimedFlushLeavesNoDeadlineBehindTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aPlainFlushAfterATimedOneWaitsUntilTheWorkEnds() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("plain-after-timed");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        CompletableFuture<Boolean> flusher = res.call("flusher", () -> {
            boolean timed = wq.flushWithin(1, TimeUnit.NANOSECONDS); // nothing to wait for: true, deadline passed
            wq.queue(new Work(w -> {
                running.countDown();
                TestThreads.await(gate, "gate");
                finished.set(true);
            }));
            TestThreads.await(running, "the blocking work");
            wq.flush(); // untimed: must not inherit the expired deadline
            return timed && finished.get();
        });
        await().atMost(LIMIT).until(() -> flusher.isDone() || wq.pendingCount(0) == 1); // the plain flush's barrier
        assertThat(flusher).as("the plain flush still waits for the blocked work").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(flusher, "the plain flush")).as("returned after the work ended").isTrue();
    }
}
