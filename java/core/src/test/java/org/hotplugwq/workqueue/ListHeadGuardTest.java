package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A list head is never run: a worker whose list leads to another queue's head reports it once (an error counted
 * in {@link WorkqueueStats#listCorruptions()}) and stops, instead of failing on the head in a loop; waits on that
 * queue fail instead of hanging, and destroy abandons it.
 */
class ListHeadGuardTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aWorkerReachingAnotherQueuesHeadReportsItOnceAndStopsInsteadOfRunningIt() {
        SimMachine m = new SimMachine(2);
        AtomicInteger failures = new AtomicInteger();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .failureHandler((wq, cpu, work, failure) -> failures.incrementAndGet()).build()));
        Workqueue wq = sys.createWorkqueue("corrupt");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the blocking work started");
        AtomicInteger ran = new AtomicInteger();
        Work x = new Work(w -> ran.incrementAndGet());
        wq.queueOn(1, x);

        linkIntoAnotherQueuesHead(wq, 1, x);
        assertThat(wq.cpuQueue(1).listDefect()).isNotNull();

        gate.countDown();
        await().atMost(LIMIT).until(() -> wq.workerThread(1) == null);
        assertThat(ran).hasValue(1);
        assertThat(sys.stats().listCorruptions()).isEqualTo(1);
        assertThat(failures).as("works that threw: a list head run").hasValue(0);
        assertThatThrownBy(wq::flush).isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
        assertTimeoutPreemptively(LIMIT, wq::destroy);
        assertThat(sys.stats().listCorruptions()).isEqualTo(1);
    }

    /**
     * Cross-links {@code cpu}'s list: queued work {@code x} now leads into the head of a queue of its own, as a
     * corrupting race would leave it.
     */
    static void linkIntoAnotherQueuesHead(Workqueue wq, int cpu, Work x) {
        CpuWorkqueue queue = wq.cpuQueue(cpu);
        CpuWorkqueue elsewhere = new CpuWorkqueue(wq, cpu);
        Work z = new Work(w -> { });
        queue.lock.lock();
        elsewhere.lock.lock();
        try {
            elsewhere.insertTail(z);
            x.next = z.next; // elsewhere's head
        } finally {
            elsewhere.lock.unlock();
            queue.lock.unlock();
        }
    }
}
