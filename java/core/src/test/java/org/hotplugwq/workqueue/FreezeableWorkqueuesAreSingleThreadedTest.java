package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A freezeable workqueue is single-threaded, as 2.6.22 made it: a frozen per-CPU worker would block a draining
 * {@code CPU_DEAD} (drain-sync, takeover) until the thaw. The public API refuses the combination.
 */
class FreezeableWorkqueuesAreSingleThreadedTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aMultiThreadedFreezeableWorkqueueIsRefusedAndNothingIsLeftBehind() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN_SYNC));
        int workers = sys.liveWorkerCount();
        assertThatThrownBy(() -> sys.createWorkqueue("per-cpu-freezeable", false, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single-threaded");
        assertThat(sys.workqueues()).containsExactly(sys.keventd());
        assertThat(sys.liveWorkerCount()).isEqualTo(workers);
        Workqueue freezeable = sys.createWorkqueue("freezeable", true, true);
        assertThat(freezeable.isSingleThreaded()).isTrue();
        assertThat(freezeable.isFreezeable()).isTrue();
        assertThat(sys.createFreezeableWorkqueue("also").isSingleThreaded()).isTrue();
    }
}
