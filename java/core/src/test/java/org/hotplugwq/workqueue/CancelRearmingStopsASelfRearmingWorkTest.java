package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DelayedWork#cancelRearming()} ({@code cancel_rearming_delayed_work()}): a delayed work that arms itself again
 * from its own function is stopped for good, whichever state it is caught in — timer armed, queued, or running.
 */
class CancelRearmingStopsASelfRearmingWorkTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    private static DelayedWork rearming(Workqueue wq, AtomicInteger runs, long delayMicros) {
        DelayedWork[] self = new DelayedWork[1];
        self[0] = new DelayedWork(w -> {
            runs.incrementAndGet();
            wq.queueDelayed(self[0], delayMicros, TimeUnit.MICROSECONDS);
        });
        return self[0];
    }

    @RepeatedTest(20)
    void aWorkThatRearmsItselfStopsAndStaysStopped() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("rearm");
        AtomicInteger runs = new AtomicInteger();
        DelayedWork dw = rearming(wq, runs, 0); // 0: straight back on the queue, so it is caught in every state
        wq.queueDelayed(dw, 0, TimeUnit.MICROSECONDS);
        await().atMost(LIMIT).until(() -> runs.get() > 50);
        dw.cancelRearming();
        int after = runs.get();
        assertThat(dw.isPending()).isFalse();
        assertThat(dw.isTimerArmed()).isFalse();
        wq.flush();
        assertThat(runs).as("no run after cancelRearming returned").hasValue(after);
        assertThat(wq.queueDelayed(dw, 1, TimeUnit.HOURS)).as("usable again").isTrue();
        assertThat(dw.cancelRearming()).isTrue();
    }

    @Test
    void anArmedTimerIsDisarmedAndReportedCancelled() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("armed");
        AtomicInteger runs = new AtomicInteger();
        DelayedWork dw = rearming(wq, runs, 1_000);
        wq.queueDelayed(dw, 1, TimeUnit.HOURS);
        assertThat(dw.cancelRearming()).isTrue();
        assertThat(dw.isPending()).isFalse();
        assertThat(sys.armedTimers()).isZero();
        assertThat(new DelayedWork(w -> { }).cancelRearming()).as("never queued: nothing to cancel").isFalse();
    }

    @Test
    void aRunningInstanceIsWaitedForAndItsRearmFails() throws Exception {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("running");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        AtomicBoolean rearmed = new AtomicBoolean(true);
        AtomicBoolean finished = new AtomicBoolean();
        DelayedWork[] self = new DelayedWork[1];
        self[0] = new DelayedWork(w -> {
            running.countDown();
            TestThreads.await(gate, "gate");
            rearmed.set(wq.queueDelayed(self[0], 1, TimeUnit.MILLISECONDS));
            finished.set(true);
        });
        wq.queueDelayedOn(1, self[0], 0, TimeUnit.MILLISECONDS);
        TestThreads.await(running, "the work running");
        CompletableFuture<Boolean> cancel = res.call("cancel", () -> self[0].cancelRearming());
        await().atMost(LIMIT).until(() -> cancel.isDone() || wq.pendingCount(1) == 1); // its flush_work barrier
        assertThat(cancel).as("waits for the running instance").isNotDone();
        gate.countDown();
        assertThat(TestThreads.get(cancel, "cancelRearming")).as("nothing was pending").isFalse();
        assertThat(finished).isTrue();
        assertThat(rearmed).as("its re-arm found the bit taken").isFalse();
        assertThat(self[0].isPending()).isFalse();
        assertThat(sys.armedTimers()).isZero();
    }
}
