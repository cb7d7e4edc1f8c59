package org.hotplugwq.workqueue;

import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed offline that got past the CPU's deactivation (Linux ≥ 4.x rolls back after pushing the pinned
 * tasks away, their masks widened for good) must not leave the CPU's workers unpinned: CPU_DOWN_FAILED pins
 * them again. Found by {@code hotplugwq stress} with injected offline failures on a 6.18 kernel.
 */
class DownFailedRepinTest {

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void downFailedPinsTheWorkersAgain(HotplugPolicy policy) {
        SimMachine m = new SimMachine(2, 5);
        try (WorkqueueSystem sys = m.system(policy)) {
            Workqueue wq = sys.createWorkqueue("repin-" + policy.cliName());
            int tid = wq.workerTid(1);
            assertThat(m.platform.threadAffinity(tid)).isEqualTo(CpuSet.of(1));

            m.send(CpuAction.CPU_DOWN_PREPARE, 1);
            m.platform.setOnline(1, false); // the kernel got as far as pushing the tasks away ...
            m.platform.setOnline(1, true);  // ... then failed and rolled back
            assertThat(m.platform.threadAffinity(tid)).isEqualTo(m.platform.possibleCpus()); // widened for good
            m.send(CpuAction.CPU_DOWN_FAILED, 1);

            assertThat(m.platform.threadAffinity(tid)).isEqualTo(CpuSet.of(1));
            assertThat(wq.workerState(1)).isEqualTo(WorkerState.BOUND);
            wq.destroy();
        }
    }
}
