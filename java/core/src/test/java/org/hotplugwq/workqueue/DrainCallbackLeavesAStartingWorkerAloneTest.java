package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DRAIN's {@code CPU_DEAD} hands the sleepers' wakes only to a worker running a work: a worker neither asleep nor
 * running (here a replacement still in its start, held in the worker listener) sees {@code should_stop} by itself,
 * and the callback leaves its queue alone — it returns while that queue's lock is held, and every worker exits.
 */
class DrainCallbackLeavesAStartingWorkerAloneTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theCallbackReturnsWithoutTheStartingWorkersQueueLock() {
        SimMachine m = new SimMachine(2);
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        AtomicInteger startsOnCpu1 = new AtomicInteger();
        CountDownLatch starting = new CountDownLatch(1);
        CountDownLatch letItStart = res.gate();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .threadFactory(factory)
                .failureHandler((wq, cpu, work, failure) -> { })
                .workerListener((tid, wq, cpu, single, nanos) -> {
                    if (wq.equals("replaced") && cpu == 1 && startsOnCpu1.incrementAndGet() == 2) {
                        starting.countDown();
                        TestThreads.await(letItStart, "the replacement's start");
                    }
                }).build()));
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue replaced = sys.createWorkqueue("replaced");
        Workqueue last = sys.createWorkqueue("last"); // the callback marks its queue last
        Thread dying = replaced.workerThread(1);
        replaced.queueOn(1, new Work(w -> {
            throw new OutOfMemoryError("test: the worker dies of it");
        }));
        TestThreads.await(starting, "the replacement in its start");
        Thread replacement = replaced.workerThread(1);
        assertThat(replacement).isNotSameAs(dying);
        List<Workqueue> sleeping = List.of(sys.keventd(), idle, last);
        List<Thread> workers = List.of(sys.keventd().workerThread(1), idle.workerThread(1), last.workerThread(1),
                replacement);
        await().atMost(LIMIT).until(() -> sleeping.stream().allMatch(wq -> asleep(wq, 1)));

        CpuWorkqueue startingQueue = replaced.cpuQueue(1);
        CpuWorkqueue lastQueue = last.cpuQueue(1);
        AtomicReference<Thread> callback = new AtomicReference<>();
        CompletableFuture<Void> dead;
        lastQueue.lock.lock(); // holds the callback once the replacement's queue is marked
        try {
            dead = res.run("CPU_DEAD", () -> {
                callback.set(Thread.currentThread());
                m.offline(1);
            });
            await().atMost(LIMIT).until(lastQueue.lock::hasQueuedThreads);
            startingQueue.lock.lock();
        } finally {
            lastQueue.lock.unlock();
        }
        try {
            await().atMost(LIMIT).until(() -> dead.isDone() || startingQueue.lock.hasQueuedThread(callback.get()));
            assertThat(dead).as("CPU_DEAD returned without the starting worker's queue lock").isDone();
        } finally {
            startingQueue.lock.unlock();
        }
        TestThreads.get(dead, "CPU_DEAD");

        letItStart.countDown();
        await("every worker of cpu1 exits").atMost(LIMIT).until(() -> workers.stream().noneMatch(Thread::isAlive));
    }

    /** Parked in {@link CpuWorkqueue#awaitMoreWork()}: {@code wq}'s worker of {@code cpu} sleeps. */
    private static boolean asleep(Workqueue wq, int cpu) {
        Thread t = wq.workerThread(cpu);
        return t != null && LockSupport.getBlocker(t) == wq.cpuQueue(cpu);
    }
}
