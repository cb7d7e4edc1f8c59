package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DRAIN's {@code CPU_DEAD} with every worker of the CPU asleep wakes one and hands it the others' wakes: it wakes
 * them as soon as it is up, before running work that reached its queue meanwhile — a work there that waits for
 * them to exit sees them exit.
 */
class DrainWokenSleeperWakesTheOthersBeforeItsWorkTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theOthersExitWhileTheWokenSleepersWorkRuns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue keventd = sys.keventd(); // the first workqueue: its worker is the one the callback wakes
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue last = sys.createWorkqueue("last"); // the callback marks its queue last
        List<Thread> others = List.of(idle.workerThread(1), last.workerThread(1));
        Thread woken = keventd.workerThread(1);
        await().atMost(LIMIT).until(() -> asleep(keventd, 1) && asleep(idle, 1) && asleep(last, 1));

        CpuWorkqueue wokenQueue = keventd.cpuQueue(1);
        CpuWorkqueue lastQueue = last.cpuQueue(1);
        AtomicReference<Thread> callback = new AtomicReference<>();
        CompletableFuture<Void> dead;
        CompletableFuture<Boolean> sawThemExit = new CompletableFuture<>();
        lastQueue.lock.lock(); // holds the callback once keventd's queue is marked
        try {
            dead = res.run("CPU_DEAD", () -> {
                callback.set(Thread.currentThread());
                m.offline(1);
            });
            await().atMost(LIMIT).until(lastQueue.lock::hasQueuedThreads);
            wokenQueue.lock.lock(); // and then at the hand-over to keventd's worker
        } finally {
            lastQueue.lock.unlock();
        }
        try {
            await().atMost(LIMIT).until(() -> wokenQueue.lock.hasQueuedThread(callback.get()));
            // work reaches the sleeper while the hand-over waits: it wakes, and queues behind the callback
            keventd.queueOn(1, new Work(w -> sawThemExit.complete(allExit(others))));
            await().atMost(LIMIT).until(() -> wokenQueue.lock.hasQueuedThread(woken));
        } finally {
            wokenQueue.lock.unlock();
        }
        TestThreads.get(dead, "CPU_DEAD");

        assertThat(TestThreads.get(sawThemExit, "the work queued meanwhile"))
                .as("the others exited while the woken sleeper's work ran").isTrue();
        await().atMost(LIMIT).until(() -> !woken.isAlive());
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
