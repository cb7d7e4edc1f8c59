package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotplugwq.stress.machine.StressMachines;
import org.hotplugwq.stress.report.SeriesReport;
import org.hotplugwq.stress.report.SummaryTable;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --repeat N} and {@code --notify both}: a run per configuration, each reported, pooled per notify mode. */
class StressSeriesTest {
    @TempDir
    Path out;

    @Test
    void eachSeedRunsOncePerNotifyModeInAFolderOfItsOwn() {
        StressOptions base = StressOptions.builder().seed(42).outDir(out).build();
        List<StressOptions> runs = StressSeries.configurations(base, 2,
                List.of(NotifyMode.OBSERVED, NotifyMode.SYNCHRONOUS));

        assertThat(runs).extracting(o -> o.seed() + " " + o.notifyMode().cliName() + " " + out.relativize(o.outDir()))
                .containsExactly("42 observed seed42-observed", "42 synchronous seed42-synchronous",
                        "43 observed seed43-observed", "43 synchronous seed43-synchronous");
        assertThat(StressSeries.configurations(base, 2, List.of(NotifyMode.OBSERVED)))
                .extracting(o -> out.relativize(o.outDir()).toString()).containsExactly("seed42", "seed43");
        assertThatThrownBy(() -> StressSeries.configurations(base, 0, List.of(NotifyMode.OBSERVED)))
                .hasMessageContaining("--repeat");
    }

    @Test
    void theRunsArePooledOverAllTheirOperationsPerNotifyMode() throws Exception {
        StressOptions base = SimulatedRuns.options(out, List.of(HotplugPolicy.DRAIN, HotplugPolicy.TAKEOVER),
                java.time.Duration.ofMillis(300)).build();
        List<StressOptions> configs = StressSeries.configurations(base, 2,
                List.of(NotifyMode.OBSERVED, NotifyMode.SYNCHRONOUS));
        List<StressOutcome> seen = new ArrayList<>();

        SeriesReport r = new StressSeries(configs).run(o -> StressMachines.simulated(o, "a test"),
                (machine, o) -> new StressRunner(machine, o, StressHooks.NONE, null, false, 0).run(),
                (o, outcome) -> seen.add(outcome));

        assertThat(seen).hasSize(4);
        assertThat(r.runs()).extracting(SeriesReport.Run::seed).containsExactly(7L, 7L, 8L, 8L);
        assertThat(r.invariantsHeld()).isTrue();
        assertThat(r.pooled()).containsOnlyKeys("observed", "synchronous");
        SeriesReport.Pooled observed = r.pooled().get("observed");
        assertThat(observed.seeds()).containsExactly(7L, 8L);
        assertThat(observed.interval().segments()).isEqualTo(seen.get(0).report().interval().segments()
                + seen.get(2).report().interval().segments());
        long wrong = seen.get(0).report().policies().get("drain").wrongCpu().count()
                + seen.get(2).report().policies().get("drain").wrongCpu().count();
        assertThat(observed.policies().get("drain").wrongCpu()).isEqualTo(wrong);
        assertThat(observed.pairedDifferences()).singleElement()
                .satisfies(d -> assertThat(d.minuend() + " - " + d.subtrahend()).isEqualTo("drain - takeover"));
        assertThat(SummaryTable.renderSeries(r)).contains("series of 4 runs", "pooled, notify observed, 2 runs",
                "pooled, notify synchronous", "drain − takeover: ", "invariants held in every run");
    }
}
