package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Destroy leaves no thread of the workqueue behind, also one that is no longer its queue's worker
 * ({@code cwq->thread}) but has not returned yet: destroy's passes over the queues do not see it, so it must be
 * waited for on its own. Such a thread is made here without a race: a draining worker dies of an Error, and the
 * thread factory's thread for its replacement starts and then reports a failure, so the queue forgets the
 * replacement while it runs the rest of the list (a work held on a gate). Destroy must not return before that
 * thread has ended.
 */
class DestroyWaitsForAWorkerThatLeftItsQueueTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void destroyReturnsOnlyOnceTheForgottenDrainingThreadHasEnded() {
        AtomicBoolean startFails = new AtomicBoolean();
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .policy(HotplugPolicy.DRAIN)
                .failureHandler((wq, cpu, work, t) -> { })
                .threadFactory(r -> {
                    Thread t = new Thread(r) {
                        @Override
                        public void start() {
                            super.start();
                            if (startFails.getAndSet(false)) {
                                throw new IllegalStateException("test: started, then reported a failure");
                            }
                        }
                    };
                    t.setUncaughtExceptionHandler((th, e) -> { }); // the worker killed by the test's Error
                    return t;
                }).build()));
        Workqueue wq = sys.createWorkqueue("leftover");
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch firstGate = res.gate();
        CountDownLatch lastRunning = new CountDownLatch(1);
        CountDownLatch lastGate = res.gate();
        AtomicReference<Thread> forgotten = new AtomicReference<>();
        wq.queueOn(1, new Work(w -> {
            firstRunning.countDown();
            TestThreads.await(firstGate, "first gate");
        }));
        wq.queueOn(1, new Work(w -> {
            throw new OutOfMemoryError("test: the worker dies");
        }));
        wq.queueOn(1, new Work(w -> {
            forgotten.set(Thread.currentThread());
            lastRunning.countDown();
            TestThreads.await(lastGate, "last gate");
        }));
        TestThreads.await(firstRunning, "the first work");
        Thread dying = wq.workerThread(1);
        m.offline(1); // DRAIN: the worker drains its list, then exits
        startFails.set(true);
        firstGate.countDown();
        TestThreads.await(lastRunning, "the last work, on the replacement");
        TestThreads.join(dying);
        assertThat(wq.workerThread(1)).as("cpu1's queue forgot the replacement").isNull();
        assertThat(forgotten.get()).isNotSameAs(dying);

        AtomicReference<Thread> destroyer = new AtomicReference<>();
        CompletableFuture<Boolean> aliveAtReturn = res.call("destroyer", () -> {
            destroyer.set(Thread.currentThread());
            wq.destroy();
            return forgotten.get().isAlive();
        });
        // returned (wrongly, the gate still closed), or waits for the forgotten thread
        await().atMost(TestThreads.LIMIT)
                .until(() -> aliveAtReturn.isDone() || joinsFromFinishDestroy(destroyer.get()));
        lastGate.countDown();
        assertThat(TestThreads.get(aliveAtReturn, "destroy")).as("the forgotten thread alive when destroy returned")
                .isFalse();
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }

    /** Whether {@code t} waits in the join of destroy's last step (not a queue's cleanup). */
    private static boolean joinsFromFinishDestroy(Thread t) {
        if (t == null) {
            return false;
        }
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i + 1 < frames.length; i++) {
            if (frames[i].getClassName().equals(Worker.class.getName()) && frames[i].getMethodName().equals("join")
                    && frames[i + 1].getMethodName().equals("finishDestroy")) {
                return true;
            }
        }
        return false;
    }
}
