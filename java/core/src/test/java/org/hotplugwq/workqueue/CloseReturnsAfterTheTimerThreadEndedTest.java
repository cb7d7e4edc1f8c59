package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link WorkqueueSystem#close()} returns only once the timer thread has ended, not just its loop: the thread
 * factory's thread is held after the timer's {@code run()} returned, and close must be found waiting for it.
 */
class CloseReturnsAfterTheTimerThreadEndedTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void closeWaitsForTheTimerThreadToEnd() {
        CountDownLatch timerRunReturned = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        List<Thread> timers = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 17)).threadFactory(r -> {
            Thread t = new Thread(() -> {
                r.run();
                if (Thread.currentThread().getName().equals("wq-timer")) {
                    timerRunReturned.countDown();
                    TestThreads.await(gate, "the test's gate");
                }
            });
            timers.add(t);
            return t;
        }).build();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread closer = new Thread(() -> {
            sys.close();
            closed.complete(null);
        }, "closer");
        closer.setDaemon(true);
        closer.start();
        res.onTeardown(() -> TestThreads.join(closer)); // after the gate opened

        TestThreads.await(timerRunReturned, "the timer's loop ended");
        await("close returns, or waits for the timer thread").atMost(TestThreads.LIMIT)
                .until(() -> closed.isDone() || joiningFrom(closer, DelayedWorkTimer.class, "close"));
        assertThat(closed).as("close returned while the timer thread still ran").isNotDone();

        gate.countDown();
        TestThreads.get(closed, "close");
        assertThat(timers.stream().filter(t -> t.getName().equals("wq-timer"))).allMatch(t -> !t.isAlive());
    }

    /** Whether {@code t} is in {@link Thread#join} called (maybe through others) from {@code owner.method}. */
    static boolean joiningFrom(Thread t, Class<?> owner, String method) {
        StackTraceElement[] stack = t.getStackTrace();
        return Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(Thread.class.getName())
                && f.getMethodName().equals("join"))
                && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(owner.getName())
                && f.getMethodName().equals(method));
    }
}
