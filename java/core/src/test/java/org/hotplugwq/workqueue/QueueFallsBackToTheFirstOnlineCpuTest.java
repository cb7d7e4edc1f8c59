package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code queue_work()} that loses its CPU twice: the CPU it read goes down before the insert, and so does the CPU
 * it runs on when it looks again. The work then goes to the first online CPU's queue, bound (never stranded on the
 * second CPU that went down), and runs there (README, "Where this differs from the seed").
 */
class QueueFallsBackToTheFirstOnlineCpuTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void whenTheCpuItRunsOnNowIsGoneTooTheWorkGoesToTheFirstOnlineCpu() throws InterruptedException {
        PausingPlatform p = new PausingPlatform(3);
        CopyOnWriteArrayList<Integer> queueCpus = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(p).policy(HotplugPolicy.DRAIN)
                .observer(r -> {
                    if (r.work() instanceof Marked) {
                        queueCpus.add(r.queueCpu());
                    }
                }).build());
        Workqueue wq = sys.createWorkqueue("twice");
        Work x = new Marked();
        CountDownLatch firstRead = new CountDownLatch(1);
        CountDownLatch resumeFirst = res.gate();
        AtomicReference<Thread> producer = new AtomicReference<>();
        CompletableFuture<Boolean> queued = res.call("producer", () -> {
            producer.set(Thread.currentThread());
            p.pauseMyNextRead(2, firstRead, resumeFirst);
            return wq.queue(x);
        });
        TestThreads.await(firstRead, "the producer read cpu2");
        takeDown(sys, p, wq, 2);
        CountDownLatch secondRead = new CountDownLatch(1);
        CountDownLatch resumeSecond = res.gate();
        p.pauseNextRead(producer.get(), 1, secondRead, resumeSecond); // where it runs now, it finds: cpu1
        resumeFirst.countDown();
        TestThreads.await(secondRead, "the producer read cpu1");
        takeDown(sys, p, wq, 1);
        resumeSecond.countDown();

        assertThat(TestThreads.get(queued, "queue")).isTrue();
        assertThat(wq.flushWithin(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).as("the work ran: not stranded").isTrue();
        assertThat(queueCpus).as("the queue that took the work").containsExactly(0);
        assertThat(x.isPending()).isFalse();
    }

    /** {@code cpu} goes down entirely while the producer is "preempted"; its worker drains and exits. */
    private static void takeDown(WorkqueueSystem sys, PausingPlatform p, Workqueue wq, int cpu) {
        sys.onCpuAction(CpuAction.CPU_DOWN_PREPARE, cpu);
        p.sim.setOnline(cpu, false);
        sys.onCpuAction(CpuAction.CPU_DEAD, cpu);
        await().atMost(LIMIT).until(() -> wq.workerThread(cpu) == null);
    }

    /** The work under test, told apart from anything else the observer hears of. */
    private static final class Marked extends Work {
        Marked() {
            super(w -> { });
        }
    }
}
