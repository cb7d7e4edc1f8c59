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

    @Test
    void withEveryCpuEligibleThePlanTakesAllButOneOfflineAndNeverTheLast() {
        StressOptions o = StressOptions.builder().duration(Duration.ofSeconds(20)).seed(5)
                .interval(Duration.ofMillis(1), Duration.ofMillis(1)).build();
        CpuSet all = CpuSet.first(4);
        CpuSet online = all;
        int leastOnline = 4;
        for (String line : HotplugSchedule.plan(all, all, o, 1_000_000, false)) {
            int cpu = Integer.parseInt(line.substring(line.indexOf("cpu") + 3).strip());
            online = line.contains("offline") ? online.without(cpu) : online.with(cpu);
            assertThat(online.cardinality()).as(line).isPositive();
            leastOnline = Math.min(leastOnline, online.cardinality());
        }
        assertThat(leastOnline).as("three of four offline at once").isEqualTo(1);
    }
}
