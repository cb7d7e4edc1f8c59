package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Asked about a CPU that has no queue — the first id past the last possible CPU, or a negative one — the per-CPU
 * introspection (what {@link WorkqueueInspector} shows other modules' tests) says it is not a possible CPU rather
 * than failing on the array underneath. The public entry points check possibility before they get there.
 */
class InspectorRefusesACpuPastTheLastTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theFirstCpuPastTheLastPossibleOneIsNotAPossibleCpu() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("edges");
        assertThatThrownBy(() -> WorkqueueInspector.workerThread(wq, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu2 is not a possible CPU");
        assertThatThrownBy(() -> WorkqueueInspector.pendingCount(wq, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu-1 is not a possible CPU");
    }
}
