package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DRAIN's {@code CPU_DEAD} hands the wakes of the dead CPU's sleeping workers to a worker of that CPU running a
 * work: it wakes them at its next work boundary, not once its whole list is run. A second work on its list that
 * waits for them to exit sees them exit.
 */
class DrainWakesTheSleepersAtTheBusyWorkersNextWorkTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theSleepersExitWhileTheBusyWorkersSecondWorkRuns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue busy = sys.createWorkqueue("busy");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        List<Thread> sleepers = List.of(sys.keventd().workerThread(1), idle.workerThread(1));
        CompletableFuture<Boolean> sawThemExit = new CompletableFuture<>();
        busy.queueOn(1, new Work(w -> {
            running.countDown();
            TestThreads.await(release, "the first work's release");
        }));
        busy.queueOn(1, new Work(w -> sawThemExit.complete(allExit(sleepers))));
        TestThreads.await(running, "the busy worker's first work");
        await().atMost(LIMIT).until(() -> asleep(sys.keventd(), 1) && asleep(idle, 1));

        m.offline(1); // the wakes go to the busy worker
        release.countDown();

        assertThat(TestThreads.get(sawThemExit, "the second work"))
                .as("the sleepers exited while the busy worker's second work ran").isTrue();
        await().atMost(LIMIT).until(() -> busy.workerThread(1) == null);
    }

    /** Parked in {@link CpuWorkqueue#awaitMoreWork()}: {@code wq}'s worker of {@code cpu} sleeps. */
    private static boolean asleep(Workqueue wq, int cpu) {
        Thread t = wq.workerThread(cpu);
        return t != null && LockSupport.getBlocker(t) == wq.cpuQueue(cpu);
    }

    private static boolean allExit(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (Thread t : threads) {
            TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadline - System.nanoTime()));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
