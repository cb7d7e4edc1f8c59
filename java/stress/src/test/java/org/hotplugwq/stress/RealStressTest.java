package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.testkit.RealHotplugExtension.RealCpu;
import org.hotplugwq.testkit.RealHotplugExtension;
import org.hotplugwq.stress.machine.RealStressMachine;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.report.ReportWriter;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.verdict.WrongCpuCause;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten seconds of real hotplug of one CPU under all four policies, side by side. Skipped, with the reason,
 * where the process is not root or no CPU is hotpluggable; the extension brings every CPU back whatever
 * happens, and so does the machine's own close.
 */
@Tag("hardware")
@ExtendWith(RealHotplugExtension.class)
class RealStressTest {
    @TempDir
    Path out;

    @Test
    void twentyFiveRealHotplugOperationsKeepEveryInvariantUnderAllPolicies(RealCpu real) throws Exception {
        StressOptions options = StressOptions.builder()
                .duration(SimulatedRuns.CAP)
                .policies(List.of(HotplugPolicy.values()))
                .cpus(CpuSet.of(real.cpu()))
                .interval(Duration.ofMillis(20), Duration.ofMillis(60))
                .source("uevent")
                .injectFailures(0.05)
                .seed(11)
                .outDir(out)
                .build();
        StressOutcome o;
        try (StressMachine machine = RealStressMachine.open(options, out.resolve("offlined"), notice -> { })) {
            assertThat(machine.info().simulated()).isFalse();
            o = SimulatedRuns.runUntil(new StressRunner(machine, options, StressHooks.NONE, null, false, 0),
                    SimulatedRuns.changedOperations(25));
        }

        StressReport r = o.report();
        assertThat(r.failures()).isEmpty();
        assertThat(r.invariantsHeld()).isTrue();
        assertThat(r.cpusRestored()).isTrue();
        for (StressReport.PolicyReport p : r.policies().values()) {
            assertThat(p.hotplug().online().successes() + p.hotplug().offline().successes()).isGreaterThanOrEqualTo(20);
            assertThat(p.wrongCpu().byCause().get(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT.key()).count()).isZero();
            assertThat(p.works().lost()).isZero();
            assertThat(p.works().duplicated()).isZero();
        }
        JsonNode json = new ObjectMapper().readTree(ReportWriter.writeJson(r, out).toFile());
        for (String key : SimulatedStressTest.REQUIRED_KEYS) {
            assertThat(json.at(key).isMissingNode()).as(key).isFalse();
        }
        for (HotplugPolicy p : HotplugPolicy.values()) {
            for (String key : SimulatedStressTest.REQUIRED_POLICY_KEYS) {
                assertThat(json.at("/policies/" + p.cliName() + key).isMissingNode()).as(p.cliName() + key).isFalse();
            }
        }
        assertThat(json.at("/machine/simulated").asBoolean()).isFalse();
        CpuSysfs tree = real.sysfs();
        assertThat(tree.online()).isEqualTo(tree.present());
    }
}
