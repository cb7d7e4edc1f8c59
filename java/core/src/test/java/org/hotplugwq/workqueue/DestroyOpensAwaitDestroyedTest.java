package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Once {@link Workqueue#destroy()} has returned, {@link Workqueue#awaitDestroyed} answers true without waiting. */
class DestroyOpensAwaitDestroyedTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void awaitDestroyedReturnsTrueAtOnceAfterAnUntimedDestroy() throws InterruptedException {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("gone");
        wq.queueOn(1, new Work(w -> { }));
        wq.destroy();
        assertThat(wq.isDestroyed()).isTrue();
        assertThat(wq.awaitDestroyed(0, TimeUnit.NANOSECONDS)).as("no wait left after destroy()").isTrue();
    }
}
