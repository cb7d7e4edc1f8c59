package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code queue_work()} whose CPU went down between reading it and the insert: the work goes where the thread runs
 * now, not to the first online CPU (README, "Where this differs from the seed"); only when that CPU too is gone
 * does it fall back to the first online one. With three CPUs, "where it runs now" (cpu1) and "the first online"
 * (cpu0) differ.
 */
class QueueRetriesWhereTheThreadRunsNowTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theFirstRetryGoesToTheCpuTheThreadRunsOnNowNotTheFirstOnline() {
        PausingPlatform p = new PausingPlatform(3);
        CopyOnWriteArrayList<Integer> queueCpus = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(p).policy(HotplugPolicy.DRAIN)
                .observer(r -> {
                    if (r.work() instanceof Marked) {
                        queueCpus.add(r.queueCpu());
                    }
                }).build());
        Workqueue wq = sys.createWorkqueue("moved");
        Work x = new Marked();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = res.gate();
        AtomicInteger producerTid = new AtomicInteger(-1);
        CompletableFuture<Boolean> queued = res.call("producer", () -> {
            producerTid.set(p.currentThreadId());
            p.pauseMyNextRead(2, paused, resume);
            return wq.queue(x);
        });
        TestThreads.await(paused, "the producer read cpu2");

        // cpu2 goes down entirely while the producer is "preempted"; its worker drains and exits
        sys.onCpuAction(CpuAction.CPU_DOWN_PREPARE, 2);
        p.sim.setOnline(2, false);
        sys.onCpuAction(CpuAction.CPU_DEAD, 2);
        await().atMost(LIMIT).until(() -> wq.workerThread(2) == null);
        p.bindThread(producerTid.get(), 1); // the scheduler moved the producer to cpu1, not the first online CPU
        resume.countDown();
        assertThat(TestThreads.get(queued, "queue")).isTrue();

        wq.flush();
        assertThat(queueCpus).as("the queue that took the work").containsExactly(1);
        assertThat(x.isPending()).isFalse();
    }

    /** The work under test, told apart from anything else the observer hears of. */
    private static final class Marked extends Work {
        Marked() {
            super(w -> { });
        }
    }
}
