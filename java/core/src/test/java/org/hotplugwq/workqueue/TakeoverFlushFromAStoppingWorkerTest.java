package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under {@link HotplugPolicy#TAKEOVER}, {@code CPU_DEAD} stops the worker after its current work and moves the
 * rest. If that current work flushes its own workqueue meanwhile, the inline run of its queue still runs the
 * rest: the flush keeps its promise, and nothing is left for takeover to move behind it.
 */
class TakeoverFlushFromAStoppingWorkerTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void flushFromAWorkWhoseWorkerIsBeingStoppedRunsTheWorkQueuedBeforeIt() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.TAKEOVER));
        Workqueue wq = sys.createWorkqueue("stopping");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean earlierRan = new AtomicBoolean();
        CompletableFuture<Boolean> ranBeforeFlushReturned = new CompletableFuture<>();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
            wq.flush();
            ranBeforeFlushReturned.complete(earlierRan.get());
        }));
        TestThreads.await(started, "the flushing work started");
        wq.queueOn(1, new Work(w -> earlierRan.set(true)));
        Worker worker = wq.cpuQueue(1).worker;
        CompletableFuture<Void> offline = res.run("offline", () -> m.offline(1));
        await().atMost(LIMIT).until(() -> worker.stopNow); // kthread_stop() waits for the flushing work
        gate.countDown();
        assertThat(TestThreads.get(ranBeforeFlushReturned, "the flush from the stopping worker"))
                .as("work queued before the flush ran before it returned").isTrue();
        TestThreads.get(offline, "offline");
        assertThat(earlierRan).isTrue();
    }
}
