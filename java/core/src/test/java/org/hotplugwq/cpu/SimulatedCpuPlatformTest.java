package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The simulated CPUs behave as Linux does for affinity. */
class SimulatedCpuPlatformTest {

    @Test
    void offliningBreaksAffinityToAllCpusAndTheCpusReturnDoesNotRestoreIt() {
        SimulatedCpuPlatform p = new SimulatedCpuPlatform(4, 1);
        int tid = p.currentThreadId();
        p.bindThread(tid, 2);
        assertThat(p.threadAffinity(tid)).isEqualTo(CpuSet.of(2));
        assertThat(p.currentCpu()).isEqualTo(2);
        p.setOnline(2, false);
        assertThat(p.threadAffinity(tid)).isEqualTo(CpuSet.first(4));
        assertThat(p.currentCpu()).isIn(0, 1, 3);
        p.setOnline(2, true);
        assertThat(p.threadAffinity(tid)).isEqualTo(CpuSet.first(4)); // until re-pinned
        p.bindThread(tid, 2);
        assertThat(p.currentCpu()).isEqualTo(2);
    }

    @Test
    void bindingToAnOfflineCpuFailsLikeEinval_andTheLastCpuCannotGoOffline() {
        SimulatedCpuPlatform p = new SimulatedCpuPlatform(2, 1);
        p.setOnline(1, false);
        assertThatThrownBy(() -> p.bindThread(p.currentThreadId(), 1))
                .isInstanceOf(AffinityException.class).hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> p.setOnline(0, false)).hasMessageContaining("last online CPU");
        assertThatThrownBy(() -> p.setOnline(2, false)).hasMessageContaining("out of range");
        assertThat(p.onlineCpus()).isEqualTo(CpuSet.of(0));
    }

    @Test
    void anUnboundThreadsCpuChoiceIsReproducibleForTheSameSeed() throws Exception {
        assertThat(choices(7)).isEqualTo(choices(7)).isNotEqualTo(choices(8));
    }

    private static List<Integer> choices(long seed) throws Exception {
        SimulatedCpuPlatform p = new SimulatedCpuPlatform(64, seed);
        FutureTask<List<Integer>> t = new FutureTask<>(() -> {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                out.add(p.currentCpu());
            }
            return out;
        });
        Thread thread = new Thread(t);
        thread.start();
        return t.get(10, TimeUnit.SECONDS);
    }
}
