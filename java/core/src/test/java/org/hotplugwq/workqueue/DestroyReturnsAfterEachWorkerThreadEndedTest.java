package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Workqueue#destroy()} returns only once each worker's thread has ended, not just the worker's
 * {@code run()}: the thread factory's thread of cpu0's worker is held after its run returned (it has left the
 * system's live workers by then), and destroy must be found waiting for it at that queue's clean-up.
 */
class DestroyReturnsAfterEachWorkerThreadEndedTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void destroyWaitsForAWorkerThreadThatOutlivesItsRun() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 19);
        platform.setOnline(1, false); // cpu1's queue has no worker: destroy starts one to drain its work
        CountDownLatch cpu0RunReturned = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean destroying = new AtomicBoolean();
        AtomicReference<Thread> cpu0Thread = new AtomicReference<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(platform).threadFactory(r -> {
            if (destroying.get()) { // cpu1's drainer, made after cpu0's clean-up: by then cpu0's run has returned
                TestThreads.await(cpu0RunReturned, "cpu0's worker returned from run()");
            }
            return new Thread(() -> {
                r.run();
                if (Thread.currentThread().getName().equals("held/0")) {
                    cpu0Thread.set(Thread.currentThread());
                    cpu0RunReturned.countDown();
                    TestThreads.await(gate, "the test's gate");
                }
            });
        }).build());
        Workqueue wq = sys.createWorkqueue("held");
        AtomicInteger ran = new AtomicInteger();
        wq.queueOn(0, new Work(w -> ran.incrementAndGet()));
        wq.queueOn(1, new Work(w -> ran.incrementAndGet())); // stranded on the down cpu1

        destroying.set(true);
        CompletableFuture<Void> destroyed = new CompletableFuture<>();
        Thread destroyer = new Thread(() -> {
            wq.destroy();
            destroyed.complete(null);
        }, "destroyer");
        destroyer.setDaemon(true);
        destroyer.start();
        res.onTeardown(() -> TestThreads.join(destroyer)); // after the gate opened

        TestThreads.await(cpu0RunReturned, "cpu0's worker returned from run()");
        await("destroy returns, or waits for cpu0's thread").atMost(TestThreads.LIMIT).until(() ->
                destroyed.isDone()
                || CloseReturnsAfterTheTimerThreadEndedTest.joiningFrom(destroyer, CpuWorkqueue.class, "cleanup"));
        assertThat(destroyed).as("destroy returned while cpu0's worker thread still ran").isNotDone();

        gate.countDown();
        TestThreads.get(destroyed, "destroy");
        assertThat(cpu0Thread.get().isAlive()).isFalse();
        assertThat(ran).as("both works ran, the stranded one at destroy").hasValue(2);
    }
}
