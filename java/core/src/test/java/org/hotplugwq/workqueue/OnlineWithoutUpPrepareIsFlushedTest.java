package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code CPU_ONLINE} that comes without its {@code CPU_UP_PREPARE} (a notifier registered between the two, or a
 * caller of the public {@link WorkqueueSystem#onCpuAction}) starts the CPU's workers, so it also puts the CPU in
 * {@code cpu_populated_map}: flush and destroy walk that map, and would otherwise skip the new workers' queues.
 */
class OnlineWithoutUpPrepareIsFlushedTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void flushWaitsForWorkOnACpuThatCameOnlineWithoutUpPrepare() {
        SimMachine m = new SimMachine(2);
        m.platform.setOnline(1, false);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN)); // cpu1 neither online nor populated
        Workqueue wq = sys.createWorkqueue("late");
        m.platform.setOnline(1, true);
        m.send(CpuAction.CPU_ONLINE, 1); // no CPU_UP_PREPARE before it
        assertThat(wq.workerThread(1)).as("CPU_ONLINE started cpu1's worker").isNotNull();
        assertThat(sys.populatedCpus().contains(1)).as("cpu_populated_map has cpu1").isTrue();

        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean finished = new AtomicBoolean();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            finished.set(true);
        }));
        TestThreads.await(started, "the work on cpu1 started");
        CompletableFuture<Boolean> flush = res.call("flush", () -> {
            wq.flush();
            return finished.get();
        });
        await().atMost(LIMIT).until(() -> flush.isDone() || wq.pendingCount(1) == 1); // its barrier
        assertThat(flush).as("flush waits for the running work").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(flush, "flush")).isTrue();
    }
}
