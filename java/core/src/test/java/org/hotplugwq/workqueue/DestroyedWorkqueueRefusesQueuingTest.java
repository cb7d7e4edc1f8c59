package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A destroyed workqueue refuses every queuing with {@link IllegalStateException} (its documented contract), also
 * for a work that is pending on another workqueue: that one would otherwise answer "already pending" (false), as
 * if the call had been legal, and the caller's bug would go unseen.
 */
class DestroyedWorkqueueRefusesQueuingTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    private final AtomicInteger ran = new AtomicInteger();
    private Workqueue live;
    private Workqueue dead;
    private CountDownLatch gate;

    /** {@code x}, pending on cpu0 of a live workqueue behind a running work; and a destroyed workqueue. */
    private Work pendingElsewhere() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        live = sys.createWorkqueue("live");
        dead = sys.createWorkqueue("dead");
        dead.destroy();
        assertThat(dead.isDestroyed()).isTrue();
        gate = res.gate();
        CountDownLatch started = new CountDownLatch(1);
        live.queueOn(0, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the blocker running on cpu0");
        Work x = new Work(w -> ran.incrementAndGet());
        assertThat(live.queueOn(0, x)).isTrue();
        assertThat(x.isPending()).isTrue();
        return x;
    }

    /** The refusal changed nothing: {@code x} is still pending on the live workqueue and runs there once. */
    private void stillRunsOnceWhereItWasQueued(Work x) {
        assertThat(x.isPending()).as("still pending on the live workqueue").isTrue();
        gate.countDown();
        live.flush();
        assertThat(ran).hasValue(1);
        assertThat(x.isPending()).isFalse();
    }

    @Test
    void queueOfAWorkPendingElsewhereThrows() {
        Work x = pendingElsewhere();
        assertThatThrownBy(() -> dead.queue(x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed");
        stillRunsOnceWhereItWasQueued(x);
    }

    @Test
    void queueOnOfAWorkPendingElsewhereThrows() {
        Work x = pendingElsewhere();
        assertThatThrownBy(() -> dead.queueOn(1, x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed");
        stillRunsOnceWhereItWasQueued(x);
    }

    @Test
    void scheduleOnEachCpuInsertOfAWorkPendingElsewhereThrows() {
        Work x = pendingElsewhere();
        assertThatThrownBy(() -> dead.queueOnIfUp(1, x)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("destroyed");
        stillRunsOnceWhereItWasQueued(x);
    }
}
