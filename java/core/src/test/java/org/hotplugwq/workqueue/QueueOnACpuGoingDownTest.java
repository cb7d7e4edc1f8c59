package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code queue_work()} reads the current CPU and inserts with preemption disabled, so that CPU cannot go down in
 * between. The Java twin: the insert re-checks, under the queue lock, that the queue still has a worker or its CPU
 * is still up, and otherwise queues where the thread runs now (README, "Where this differs from the seed").
 */
class QueueOnACpuGoingDownTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration HANG = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void queueWhoseCpuWentDownAfterItWasReadStillRunsTheWorkAndFlushReturns(HotplugPolicy policy) {
        PausingPlatform p = new PausingPlatform(2);
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(p).policy(policy).build());
        Workqueue wq = sys.createWorkqueue("strand");
        AtomicInteger ran = new AtomicInteger();
        Work x = new Work(w -> ran.incrementAndGet());
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = res.gate();
        CompletableFuture<Boolean> queued = res.call("producer", () -> {
            p.pauseMyNextRead(1, paused, resume);
            return wq.queue(x);
        });
        TestThreads.await(paused, "the producer read cpu1");

        // cpu1 goes down entirely while the producer is "preempted"; its worker drains and exits
        sys.onCpuAction(CpuAction.CPU_DOWN_PREPARE, 1);
        p.sim.setOnline(1, false);
        sys.onCpuAction(CpuAction.CPU_DEAD, 1);
        if (policy != HotplugPolicy.REBIND) {
            await().atMost(LIMIT).until(() -> wq.workerThread(1) == null);
        }
        resume.countDown();
        assertThat(TestThreads.get(queued, "queue")).isTrue();

        CompletableFuture<Void> flush = res.run("flush", wq::flush);
        assertThat(flush).as("flush after queue() on a CPU that went down").succeedsWithin(HANG);
        assertThat(ran).hasValue(1);
        assertThat(x.isPending()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void scheduleOnEachCpuSkipsACpuThatWentDownBeforeItsWorkWasQueued(HotplugPolicy policy) {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(policy));
        CpuWorkqueue cpu0 = sys.keventd().cpuQueue(0);
        AtomicInteger ran = new AtomicInteger();
        CompletableFuture<Void> each;
        CompletableFuture<Void> offline;
        cpu0.lock.lock(); // schedule_on_each_cpu() stops at its first queuing, the online mask {0,1} in hand
        try {
            each = res.run("each", () -> sys.scheduleOnEachCpu(w -> ran.incrementAndGet()));
            await().atMost(LIMIT).until(cpu0.lock::hasQueuedThreads);
            offline = res.run("offline", () -> m.offline(1));
            if (policy != HotplugPolicy.REBIND) {
                await().atMost(LIMIT).until(() -> sys.keventd().workerThread(1) == null);
            } else {
                TestThreads.get(offline, "offline");
            }
        } finally {
            cpu0.lock.unlock();
        }
        assertThat(each).as("schedule_on_each_cpu() racing an offline").succeedsWithin(HANG);
        TestThreads.get(offline, "offline");
        assertThat(ran.get()).isBetween(1, 2);
    }
}
