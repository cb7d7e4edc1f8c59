package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SimulatedCpuPlatform#currentCpu()} of a thread whose affinity mask meets no online CPU — it read its mask
 * just before an offline took the mask's last CPU away, and the offline has not widened the mask yet — answers an
 * online CPU, as the kernel's fallback would run the thread on. That window is inside {@code setOnline}; the test
 * opens it by putting such a mask in the platform's table itself (no API can: {@code bindThread} refuses an
 * offline CPU). With three CPUs and cpu0 offline the answer must be cpu1 or cpu2.
 */
class CurrentCpuOfAThreadWhoseCpusAreAllOfflineTest {

    @Test
    void aMaskWithNoOnlineCpuStillRunsTheThreadOnAnOnlineCpu() throws ReflectiveOperationException {
        SimulatedCpuPlatform p = new SimulatedCpuPlatform(3, 7);
        int tid = p.currentThreadId();
        p.setOnline(0, false);
        affinityTable(p).put(tid, CpuSet.of(0)); // what the thread held when the offline began
        for (int i = 0; i < 32; i++) {
            assertThat(p.currentCpu()).as("read #%d", i).isIn(1, 2);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, CpuSet> affinityTable(SimulatedCpuPlatform p) throws ReflectiveOperationException {
        Field f = SimulatedCpuPlatform.class.getDeclaredField("affinity");
        f.setAccessible(true);
        return (Map<Integer, CpuSet>) f.get(p);
    }
}
