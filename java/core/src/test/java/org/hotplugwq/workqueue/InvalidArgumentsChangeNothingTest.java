package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bad argument is refused when the call is made, before it claims a pending bit or queues anything. */
class InvalidArgumentsChangeNothingTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aDelayedWorkQueuedWithoutAUnitIsNotLeftPending() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("unit");
        AtomicInteger ran = new AtomicInteger();
        DelayedWork dw = new DelayedWork(w -> ran.incrementAndGet());
        assertThatThrownBy(() -> wq.queueDelayed(dw, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> wq.queueDelayedOn(1, dw, 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> sys.scheduleDelayedWork(dw, 1, null)).isInstanceOf(NullPointerException.class);
        assertThat(dw.isPending()).isFalse();
        assertThat(wq.queueDelayed(dw, 0, TimeUnit.MILLISECONDS)).isTrue();
        wq.flush();
        assertThat(ran).hasValue(1);
    }

    @Test
    void aWorkWithoutAFunctionIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new Work(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("function");
        assertThatThrownBy(() -> new DelayedWork(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void queuingOnACpuThatIsNotPossibleIsRefusedForSingleThreadedWorkqueuesToo() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue single = sys.createSinglethreadWorkqueue("single");
        Work w = new Work(x -> { });
        DelayedWork dw = new DelayedWork(x -> { });
        assertThatThrownBy(() -> single.queueOn(99, w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu99");
        assertThatThrownBy(() -> single.queueOn(-1, w)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> single.queueDelayedOn(99, dw, 1, TimeUnit.HOURS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(w.isPending()).isFalse();
        assertThat(dw.isPending()).isFalse();
        assertThat(single.queueOn(1, w)).as("any possible CPU: the one queue serves them all").isTrue();
        single.flush();
    }
}
