package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DRAIN's {@code CPU_DEAD} marks a worker running a work as the one to wake the sleeping ones; when that worker
 * has finished its work and left before the callback hands the wakes over, the callback wakes a sleeper itself,
 * and every sleeper still exits.
 */
class DrainWakesTheSleepersWhenTheBusyWorkerHasLeftTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theCallbackWakesASleeperWhenTheRunningWorkerIsGone() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue busy = sys.createWorkqueue("busy");
        Workqueue last = sys.createWorkqueue("last"); // the callback marks its queue after busy's
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        busy.queueOn(1, new Work(w -> {
            running.countDown();
            TestThreads.await(release, "the busy work's release");
        }));
        TestThreads.await(running, "the busy work");
        Thread busyThread = busy.workerThread(1);
        List<Workqueue> sleeping = List.of(sys.keventd(), idle, last);
        List<Thread> sleepers = sleeping.stream().map(wq -> wq.workerThread(1)).toList();
        await().atMost(LIMIT).until(() -> sleeping.stream().allMatch(wq -> asleep(wq, 1)));

        CpuWorkqueue lastQueue = last.cpuQueue(1);
        CompletableFuture<Void> dead;
        lastQueue.lock.lock(); // holds the callback between busy's queue and the hand-over
        try {
            dead = res.run("CPU_DEAD", () -> m.offline(1));
            await().atMost(LIMIT).until(lastQueue.lock::hasQueuedThreads);
            assertThat(busy.shouldStop(1)).as("busy's queue marked stopping").isTrue();
            release.countDown(); // busy's worker finishes its work, finds should_stop and leaves
            await().atMost(LIMIT).until(() -> !busyThread.isAlive());
        } finally {
            lastQueue.lock.unlock();
        }
        TestThreads.get(dead, "CPU_DEAD");

        await("the sleepers exit").atMost(LIMIT).until(() -> sleepers.stream().noneMatch(Thread::isAlive));
        sleeping.forEach(wq -> assertThat(wq.workerThread(1)).isNull());
    }

    /** Parked in {@link CpuWorkqueue#awaitMoreWork()}: {@code wq}'s worker of {@code cpu} sleeps. */
    private static boolean asleep(Workqueue wq, int cpu) {
        Thread t = wq.workerThread(cpu);
        return t != null && LockSupport.getBlocker(t) == wq.cpuQueue(cpu);
    }
}
