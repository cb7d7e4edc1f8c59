package org.hotplugwq.stress.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.StressOptions;
import org.junit.jupiter.api.Test;

/** {@code --dry-run}: the schedule's seeded plan. */
class HotplugPlanTest {

    @Test
    void theDryRunPlanIsSeededAndNeverOfflinesTheLastCpu() {
        StressOptions o = StressOptions.builder().duration(Duration.ofSeconds(2)).seed(3).simulate(2)
                .interval(Duration.ofMillis(20), Duration.ofMillis(40)).build();
        List<String> a = HotplugSchedule.plan(CpuSet.of(1), CpuSet.of(0, 1), o, 20_000_000, true);
        List<String> b = HotplugSchedule.plan(CpuSet.of(1), CpuSet.of(0, 1), o, 20_000_000, true);
        assertThat(a).isEqualTo(b).hasSizeGreaterThan(20);
        assertThat(a.get(0)).contains("offline cpu1");
        assertThat(HotplugSchedule.plan(CpuSet.of(0), CpuSet.of(0), o, 20_000_000, false)).isEmpty();
    }
}
