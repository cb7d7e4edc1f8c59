package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DRAIN's {@code CPU_DEAD} with a worker of the CPU running a work leaves the sleeping workers' wakes to it: the
 * callback touches no sleeper's queue (waking one would cost it the woken thread's preemption, README
 * Performance), so it returns even while a sleeper's queue lock is held; the sleepers exit after the work.
 */
class DrainCallbackLeavesTheSleepersToTheRunningWorkerTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theCallbackReturnsWithoutTheSleepersQueueLock() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue keventd = sys.keventd(); // the first sleeper: the one a callback would wake itself
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue busy = sys.createWorkqueue("busy");
        Workqueue last = sys.createWorkqueue("last"); // the callback marks its queue last
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        busy.queueOn(1, new Work(w -> {
            running.countDown();
            TestThreads.await(release, "the busy work's release");
        }));
        TestThreads.await(running, "the busy work");
        List<Workqueue> sleeping = List.of(keventd, idle, last);
        List<Thread> sleepers = sleeping.stream().map(wq -> wq.workerThread(1)).toList();
        await().atMost(LIMIT).until(() -> sleeping.stream().allMatch(wq -> asleep(wq, 1)));

        CpuWorkqueue firstSleeper = keventd.cpuQueue(1);
        CpuWorkqueue lastQueue = last.cpuQueue(1);
        AtomicReference<Thread> callback = new AtomicReference<>();
        CompletableFuture<Void> dead;
        lastQueue.lock.lock(); // holds the callback once keventd's and busy's queues are marked
        try {
            dead = res.run("CPU_DEAD", () -> {
                callback.set(Thread.currentThread());
                m.offline(1);
            });
            await().atMost(LIMIT).until(lastQueue.lock::hasQueuedThreads);
            firstSleeper.lock.lock();
        } finally {
            lastQueue.lock.unlock();
        }
        try {
            await().atMost(LIMIT).until(() -> dead.isDone() || firstSleeper.lock.hasQueuedThread(callback.get()));
            assertThat(dead).as("CPU_DEAD returned without the first sleeper's queue lock").isDone();
            assertThat(sleepers).allMatch(Thread::isAlive);
        } finally {
            firstSleeper.lock.unlock();
        }
        TestThreads.get(dead, "CPU_DEAD");

        release.countDown();
        await("the sleepers exit").atMost(LIMIT).until(() -> sleepers.stream().noneMatch(Thread::isAlive));
    }

    /** Parked in {@link CpuWorkqueue#awaitMoreWork()}: {@code wq}'s worker of {@code cpu} sleeps. */
    private static boolean asleep(Workqueue wq, int cpu) {
        Thread t = wq.workerThread(cpu);
        return t != null && LockSupport.getBlocker(t) == wq.cpuQueue(cpu);
    }
}
