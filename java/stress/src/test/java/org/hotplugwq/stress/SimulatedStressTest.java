package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hotplugwq.stress.report.ReportWriter;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.report.SummaryTable;
import org.hotplugwq.stress.verdict.WrongCpuCause;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Short simulated stress runs: each policy keeps every invariant, and the reports carry the keys the README
 * lists ({@code hotplugwq stress}, Output).
 */
class SimulatedStressTest {
    static final List<String> REQUIRED_KEYS = List.of(
            "/seed", "/machine/cpus", "/machine/kernel", "/machine/arch", "/machine/jni", "/invariantsHeld",
            "/cpusRestored");
    static final List<String> REQUIRED_POLICY_KEYS = List.of(
            "/works/queued", "/works/executed", "/works/lost", "/works/duplicated",
            "/wrongCpu/count", "/wrongCpu/rate", "/wrongCpu/ci95", "/wrongCpu/byCause",
            "/stranded/count", "/stranded/maxWaitUs",
            "/hotplug/online/attempts", "/hotplug/online/successes", "/hotplug/online/minUs",
            "/hotplug/online/maxUs", "/hotplug/online/meanUs",
            "/hotplug/offline/attempts", "/hotplug/offline/successes", "/hotplug/offline/minUs",
            "/hotplug/offline/maxUs", "/hotplug/offline/meanUs",
            "/deadCallbackUs/p50", "/deadCallbackUs/p99", "/deadCallbackUs/max",
            "/detectionLatencyUs/p50", "/detectionLatencyUs/p99");

    @TempDir
    Path out;

    @ParameterizedTest
    @EnumSource(HotplugPolicy.class)
    void eachPolicyKeepsEveryInvariantUnderSimulatedHotplug(HotplugPolicy policy) throws Exception {
        StressOutcome o = SimulatedRuns.runUntil(SimulatedRuns.options(out, List.of(policy), SimulatedRuns.CAP)
                .injectFailures(0.1).build(), StressHooks.NONE, SimulatedRuns.operationsWithAnInjectedFailure(21));

        StressReport r = o.report();
        assertThat(r.failures()).isEmpty();
        assertThat(r.invariantsHeld()).isTrue();
        assertThat(r.cpusRestored()).isTrue();
        StressReport.PolicyReport p = r.policies().get(policy.cliName());
        assertThat(p.hotplug().operations()).isGreaterThan(20);
        assertThat(p.hotplug().injected().count()).isPositive();
        assertThat(p.works().executed()).isPositive();
        assertThat(p.works().flushes()).isPositive();
        assertThat(p.works().lost()).isZero();
        assertThat(p.works().duplicated()).isZero();
        assertThat(p.works().queued()).isEqualTo(p.works().executed() + p.works().cancelled());
        assertThat(p.deadCallbackUs().count()).isPositive();
        if (policy != HotplugPolicy.TAKEOVER) {
            assertThat(p.wrongCpu().byCause().get("movedByTakeover").count()).isZero();
        }
    }

    @Test
    void allPoliciesSideBySideWriteAReportWithEveryKey() throws Exception {
        StressOutcome o = SimulatedRuns.runUntil(SimulatedRuns.options(out, List.of(HotplugPolicy.values()),
                SimulatedRuns.CAP).hostile(true).build(), StressHooks.NONE, SimulatedRuns.changedOperations(40));
        assertThat(o.report().failures()).isEmpty();
        assertThat(o.exitCode()).isZero();
        assertThat(o.report().comparison()).isEqualTo("side-by-side");

        JsonNode json = new ObjectMapper().readTree(ReportWriter.writeJson(o.report(), out).toFile());
        for (String key : REQUIRED_KEYS) {
            assertThat(json.at(key).isMissingNode()).as(key).isFalse();
        }
        assertThat(json.get("policies").size()).isEqualTo(4);
        for (HotplugPolicy p : HotplugPolicy.values()) {
            JsonNode policy = json.get("policies").get(p.cliName());
            for (String key : REQUIRED_POLICY_KEYS) {
                assertThat(policy.at(key).isMissingNode()).as(p.cliName() + key).isFalse();
            }
            assertThat(policy.at("/wrongCpu/ci95").size()).isEqualTo(2);
            for (WrongCpuCause c : WrongCpuCause.values()) {
                assertThat(policy.at("/wrongCpu/byCause/" + c.key() + "/count").isNumber()).isTrue();
            }
        }
        // every policy saw the very same hotplug operations
        assertThat(o.report().policies().values()).extracting(p -> p.hotplug().operations()).containsOnly(
                o.report().policies().get("drain").hotplug().operations());

        String html = Files.readString(ReportWriter.writeHtml(o, out));
        assertThat(html).contains("<svg", "Timeline", "Wrong-CPU rate by cause", "Simulated run", "takeover", "rebind")
                .doesNotContain("http://", "https://", "<script");
        assertThat(SummaryTable.render(o.report())).contains("drain-sync", "invariants held");
    }
}
