package org.hotplugwq.stress.report;

import java.util.List;
import java.util.Map;

/**
 * What a series of stress runs found ({@code --repeat N}, {@code --notify both}): serialised as the top-level
 * {@code report.json}, each run's own report also in its folder. Pooled per notify mode: the rates and paired
 * differences over all operations of all runs of that mode (README, "Repeated runs").
 *
 * @param invariantsHeld every run kept every invariant
 * @param pooled by notify mode ("observed", "synchronous")
 */
public record SeriesReport(String tool, List<Run> runs, Map<String, Pooled> pooled, boolean invariantsHeld) {

    /**
     * One run of the series.
     *
     * @param dir its folder (its own report.json and report.html)
     */
    public record Run(long seed, String notifyMode, String dir, StressReport report) {
    }

    /**
     * The runs of one notify mode, pooled: the segments of all their operations resampled together.
     *
     * @param seeds the runs' seeds
     */
    public record Pooled(String notifyMode, List<Long> seeds, StressReport.Interval interval,
                         List<PairedDifference> pairedDifferences, Map<String, PooledPolicy> policies) {
    }

    /**
     * One policy over every run of a notify mode.
     *
     * @param cpuAffine the rate's base: CPU-affine executions of all runs
     * @param wrongCpu the classified wrong-CPU works of all runs
     */
    public record PooledPolicy(long cpuAffine, long wrongCpu, double rate, double[] ci95,
                               Map<String, StressReport.PerOperation> perOperation) {
    }
}
