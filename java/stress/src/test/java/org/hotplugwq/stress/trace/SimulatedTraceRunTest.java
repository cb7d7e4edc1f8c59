package org.hotplugwq.stress.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.TraceFs;
import org.hotplugwq.stress.SimulatedRuns;
import org.hotplugwq.stress.StressHooks;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the kernel cannot be traced, one line says why and the run goes on without. */
class SimulatedTraceRunTest {
    @TempDir
    Path dir;

    @Test
    void aSimulatedMachineOrAMissingTracefsIsOneLine() {
        List<String> notices = new ArrayList<>();
        assertThat(StressTrace.start(TraceFs.at(dir), true, CpuSet.of(0, 1), notices::add)).isNull();
        assertThat(StressTrace.start(TraceFs.at(dir.resolve("none")), false, CpuSet.of(0, 1), notices::add))
                .isNull();
        assertThat(notices).hasSize(2);
        assertThat(notices.get(0)).contains("simulated").contains("goes on without");
        assertThat(notices.get(1)).contains("no tracefs at").contains("goes on without");
        assertThat(Duration.ofMillis(StressTrace.READ_PAUSE.toMillis())).isPositive();
    }

    @Test
    void aSimulatedRunWithTraceHasNoTraceSectionAndHoldsItsInvariants() throws Exception {
        StressOutcome o = SimulatedRuns.run(SimulatedRuns.options(dir, List.of(HotplugPolicy.DRAIN),
                Duration.ofMillis(300)).trace(true).build(), StressHooks.NONE);
        assertThat(o.report().trace()).isNull();
        assertThat(o.report().invariantsHeld()).isTrue();
        assertThat(o.report().policies().get("drain").invariants()).containsEntry("kernelTraceAgrees", true);
    }
}
