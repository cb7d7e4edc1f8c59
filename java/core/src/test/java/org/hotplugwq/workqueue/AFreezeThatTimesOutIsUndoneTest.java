package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A freeze that times out ({@code Builder.freezeTimeout}; 20 s by default, as the kernel's freezer) because a
 * freezeable worker is stuck inside a work throws and is undone: once the work returns, the worker does not freeze
 * but runs its queue.
 */
class AFreezeThatTimesOutIsUndoneTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aWorkerStuckInAWorkFailsTheFreezeAndRunsOnAfterIt() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform)
                .freezeTimeout(Duration.ofMillis(100)).build()));
        Workqueue wq = sys.createFreezeableWorkqueue("stuck");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queue(DyingWorkers.blocker(started, gate));
        AtomicInteger ran = new AtomicInteger();
        wq.queue(new Work(w -> ran.incrementAndGet()));
        TestThreads.await(started, "the stuck work started");

        assertThatThrownBy(sys::freeze).isInstanceOf(IllegalStateException.class)
                .hasMessage("freezing of workqueue threads failed after 0.10 seconds");
        assertThat(sys.freezer.isFreezing()).as("the freeze is undone").isFalse();
        gate.countDown();
        TestThreads.bounded("flush after the failed freeze", wq::flush);
        assertThat(ran).as("the worker ran on instead of freezing").hasValue(1);
        assertThat(sys.frozenWorkers()).isZero();
    }

    @Test
    void theTimeoutMustBePositiveAndALongOneIsKept() {
        SimMachine m = new SimMachine(1);
        WorkqueueSystem.Builder b = WorkqueueSystem.builder(m.platform);
        assertThatThrownBy(() -> b.freezeTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.freezeTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.freezeTimeout(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
        WorkqueueSystem sys = res.track(b.freezeTimeout(ChronoUnit.FOREVER.getDuration()).build());
        sys.createFreezeableWorkqueue("forever");
        TestThreads.bounded("freeze with the longest timeout", sys::freeze); // no overflow: it waits, and freezes
        assertThat(sys.frozenWorkers()).isEqualTo(1);
        sys.thaw();
    }
}
