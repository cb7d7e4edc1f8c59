package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Takeover's {@code CPU_DEAD} stops the worker after its running work ({@code kthread_stop()}), leaving the rest
 * queued for the takeover. The observer still hears of that last work: its record is closed as the worker leaves
 * its run, not only when the queue runs empty (it does not here) or a next work starts (none will, on that thread).
 */
class TheObserverHearsOfTheLastWorkOfAStoppedWorkerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theWorkRunningWhenTakeoverStopsItsWorkerIsObserved() {
        SimMachine m = new SimMachine(2);
        List<Work> observed = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.TAKEOVER, r -> observed.add(r.work())));
        Workqueue wq = sys.createWorkqueue("stopped");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        Work last = DyingWorkers.blocker(started, gate);
        CountDownLatch movedRan = new CountDownLatch(1);
        Work behind = new Work(w -> movedRan.countDown());
        wq.queueOn(1, last);
        wq.queueOn(1, behind);
        TestThreads.await(started, "the running work");
        Worker cpu1 = wq.cpuQueue(1).worker;
        Thread cpu1Worker = cpu1.thread;
        CompletableFuture<Void> offline = res.run("offline", () -> m.offline(1)); // CPU_DEAD waits for the stop
        await().atMost(LIMIT).until(() -> offline.isDone() || cpu1.stopNow);
        assertThat(offline).as("CPU_DEAD waits for the running work").isNotDone();
        gate.countDown();
        TestThreads.get(offline, "the offline");
        TestThreads.join(cpu1Worker);
        TestThreads.await(movedRan, "the work taken over");
        await().atMost(LIMIT).until(() -> observed.contains(last));
        assertThat(observed).contains(last, behind);
    }
}
