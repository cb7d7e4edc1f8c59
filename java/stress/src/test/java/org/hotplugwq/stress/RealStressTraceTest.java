package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.TraceFs;
import org.hotplugwq.stress.machine.RealStressMachine;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.trace.TraceReport;
import org.hotplugwq.testkit.RealHotplugExtension;
import org.hotplugwq.testkit.RealHotplugExtension.RealCpu;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code stress --trace} on the real machine: the kernel's scheduler agrees with every execution's CPU. */
@Tag("hardware")
@ExtendWith(RealHotplugExtension.class)
class RealStressTraceTest {
    @TempDir
    Path out;

    @Test
    void theKernelTraceAgreesWithEveryExecutionOfTwoPolicies(RealCpu real) throws Exception {
        assumeThat(TraceFs.system().unavailabilityCause()).as("tracefs").isNull();
        StressOptions options = StressOptions.builder()
                .duration(SimulatedRuns.CAP)
                .policies(List.of(HotplugPolicy.DRAIN, HotplugPolicy.REBIND))
                .cpus(CpuSet.of(real.cpu()))
                .interval(Duration.ofMillis(20), Duration.ofMillis(60))
                .injectFailures(0.1)
                .seed(5)
                .trace(true)
                .outDir(out)
                .build();
        StressOutcome o;
        try (StressMachine machine = RealStressMachine.open(options, out.resolve("offlined"), notice -> { })) {
            o = SimulatedRuns.runUntil(new StressRunner(machine, options, StressHooks.NONE, null, false, 0),
                    SimulatedRuns.changedOperations(10));
        }
        StressReport r = o.report();
        assertThat(r.failures()).isEmpty();
        TraceReport t = r.trace();
        assertThat(t).isNotNull();
        assertThat(t.clockCheck()).startsWith("agrees");
        assertThat(t.overruns()).isZero();
        assertThat(t.kernelTransitions()).isGreaterThanOrEqualTo(10);
        assertThat(t.disagreements()).isZero();
        for (TraceReport.PolicyTrace p : t.policies().values()) {
            assertThat(p.executionsChecked()).isPositive();
            assertThat(p.pinnedWorkers()).isPositive();
        }
        assertThat(r.policies().get("drain").invariants()).containsEntry("kernelTraceAgrees", true);
    }
}
