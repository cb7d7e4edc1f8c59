package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delayed work whose timer cannot be armed — the system's timer is closed while its workqueue is still alive,
 * as when a workqueue is created while {@code close()} runs — is refused with {@link IllegalStateException} and
 * left as it was: not pending, so it can be queued elsewhere (a pending bit nobody clears would block it for good).
 * The test closes the timer itself, the step of {@code close()} that the race would put first.
 */
class QueueDelayedOnAClosedTimerLeavesTheWorkIdleTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theRefusedWorkIsNotPendingAndCanBeQueuedAgain() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("late");
        sys.timer.close();
        DelayedWork dw = new DelayedWork(w -> { });

        assertThatThrownBy(() -> wq.queueDelayed(dw, 1, TimeUnit.HOURS)).isInstanceOf(IllegalStateException.class);
        assertThat(dw.isPending()).as("pending after a refused arm").isFalse();
        assertThatThrownBy(() -> wq.queueDelayedOn(1, dw, 1, TimeUnit.HOURS))
                .isInstanceOf(IllegalStateException.class);
        assertThat(dw.isPending()).isFalse();
        assertThat(wq.queue(dw)).as("queued at once, the bit free").isTrue();
        wq.flush();
        assertThat(dw.isPending()).isFalse();
    }
}
