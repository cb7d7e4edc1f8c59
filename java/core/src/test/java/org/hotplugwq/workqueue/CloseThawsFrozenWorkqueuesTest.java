package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkqueueSystem#close()} thaws the freezer first: destroying a freezeable workqueue whose worker is frozen
 * would wait for a thaw that nobody sends.
 */
class CloseThawsFrozenWorkqueuesTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void closeWhileAFreezeableWorkqueueIsFrozenRunsItsWorkAndReturns() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = m.system(HotplugPolicy.DRAIN);
        Workqueue wq = sys.createFreezeableWorkqueue("frozen");
        AtomicInteger ran = new AtomicInteger();
        sys.freeze();
        assertThat(sys.frozenWorkers()).isEqualTo(1);
        wq.queue(new Work(w -> ran.incrementAndGet()));
        assertTimeoutPreemptively(LIMIT, sys::close, "close() of a system with a frozen workqueue");
        assertThat(ran).as("destroy loses nothing: the work queued while frozen ran").hasValue(1);
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(sys.liveWorkerCount()).isZero();
    }
}
