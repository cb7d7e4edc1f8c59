package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link WorkqueueSystem#onlineView()} — what a hotplug bridge compares with its own view when the system
 * registers — is the online CPUs as this system's callbacks have seen them: the platform's at build, then without
 * a CPU from its {@code CPU_DEAD} and with it again from its {@code CPU_ONLINE}.
 */
class OnlineViewFollowsTheCallbacksTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theViewIsTheOnlineCpusAtBuildThenFollowsCpuDeadAndCpuOnline() {
        SimMachine m = new SimMachine(3);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        assertThat(sys.onlineView()).isEqualTo(CpuSet.of(0, 1, 2));

        m.offline(1);
        assertThat(sys.onlineView()).as("after CPU_DEAD of cpu1").isEqualTo(CpuSet.of(0, 2));
        assertThat(sys.onlineView()).isEqualTo(sys.onlineCpus());

        m.online(1);
        assertThat(sys.onlineView()).as("after CPU_ONLINE of cpu1").isEqualTo(CpuSet.of(0, 1, 2));
    }

    @Test
    void aCpuOfflineAtBuildIsNotInTheView() {
        SimMachine m = new SimMachine(3);
        m.platform.setOnline(2, false);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        assertThat(sys.onlineView()).isEqualTo(CpuSet.of(0, 1));
    }
}
