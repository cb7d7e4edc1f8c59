package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code destroy_workqueue()} from one of the workqueue's own works would wait for itself (the kernel deadlocks):
 * it throws {@link IllegalStateException} at once and leaves the workqueue whole, for a later destroy from outside.
 */
class DestroyFromOwnWorkTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration HANG = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void destroyFromOneOfItsOwnWorksThrowsInsteadOfWaitingForItself() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("self-destroying");
        assertOwnDestroyThrowsThenOutsideDestroyWorks(wq, 1);
    }

    @Test
    void destroyOfASingleThreadedWorkqueueFromItsOwnWorkThrowsToo() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("self-destroying-single");
        assertOwnDestroyThrowsThenOutsideDestroyWorks(wq, 0);
    }

    private void assertOwnDestroyThrowsThenOutsideDestroyWorks(Workqueue wq, int cpu) {
        CompletableFuture<Void> fromWork = new CompletableFuture<>();
        AtomicInteger after = new AtomicInteger();
        wq.queueOn(cpu, new Work(w -> {
            try {
                wq.destroy();
                fromWork.complete(null);
            } catch (Throwable t) {
                fromWork.completeExceptionally(t);
            }
        }));
        assertThat(fromWork).as("destroy() from the workqueue's own work").failsWithin(HANG)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(IllegalStateException.class);
        assertThat(wq.isDestroying()).isFalse();
        wq.queueOn(cpu, new Work(w -> after.incrementAndGet())); // still a live workqueue
        assertTimeoutPreemptively(LIMIT, wq::destroy);
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(after).hasValue(1);
    }
}
