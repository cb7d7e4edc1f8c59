package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DelayedWork#cancelRearming()} of a work that is not on a queue: with its timer armed it disarms it and
 * reports a cancel (the work never runs); with nothing pending — never armed, or armed once and run since — it
 * reports none. Each call is bounded: a grab that misses where the pending bit is would spin for good.
 */
class CancelRearmingOfAnArmedOrIdleWorkTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration HANG = Duration.ofSeconds(5);
    @RegisterExtension
    final TestResources res = new TestResources();

    private final AtomicInteger runs = new AtomicInteger();
    private final DelayedWork dw = new DelayedWork(w -> runs.incrementAndGet());

    private Workqueue workqueue() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        return sys.createWorkqueue("idle");
    }

    private boolean cancelRearmingWithin() {
        res.onTeardown(dw::releasePending); // lets a cancel that spins on a bit nobody will clear end after a failure
        CompletableFuture<Boolean> cancel = res.call("cancelRearming", dw::cancelRearming);
        assertThat(cancel).as("cancelRearming").succeedsWithin(HANG);
        return cancel.join();
    }

    @Test
    void anArmedTimerIsDisarmedReportedCancelledAndTheWorkNeverRuns() {
        Workqueue wq = workqueue();
        assertThat(wq.queueDelayedOn(1, dw, 1, TimeUnit.HOURS)).isTrue();
        assertThat(dw.isTimerArmed()).isTrue();
        assertThat(cancelRearmingWithin()).as("an armed timer was cancelled").isTrue();
        assertThat(dw.isTimerArmed()).isFalse();
        assertThat(dw.isPending()).isFalse();
        assertThat(wq.system().armedTimers()).isZero();
        // Nothing of the cancelled timer is left: the work re-arms, and runs once, for the new timer only.
        assertThat(wq.queueDelayedOn(1, dw, 1, TimeUnit.MILLISECONDS)).isTrue();
        await().atMost(LIMIT).until(() -> runs.get() > 0);
        wq.flush();
        assertThat(runs).as("runs: the re-armed timer only").hasValue(1);
    }

    @Test
    void aWorkArmedOnceAndRunSinceHasNothingToCancel() {
        Workqueue wq = workqueue();
        assertThat(wq.queueDelayedOn(1, dw, 1, TimeUnit.MILLISECONDS)).isTrue();
        await().atMost(LIMIT).until(() -> runs.get() == 1 && !dw.isPending());
        wq.flush();
        assertThat(cancelRearmingWithin()).as("neither armed nor queued").isFalse();
        assertThat(dw.isPending()).isFalse();
        assertThat(runs).hasValue(1);
    }

    @Test
    void aWorkNeverQueuedHasNothingToCancel() {
        assertThat(cancelRearmingWithin()).as("never queued").isFalse();
        assertThat(dw.isPending()).isFalse();
    }
}
