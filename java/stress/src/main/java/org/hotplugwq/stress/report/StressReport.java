package org.hotplugwq.stress.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.hotplugwq.stress.trace.TraceReport;

/**
 * What a stress run found: serialised as {@code report.json} (the component names are the JSON keys, camelCase)
 * and rendered as the summary table and {@code report.html}. Times are in microseconds.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}: raised when a key changes meaning or goes away
 * @param provenance where and with what the run was made (null until the runner adds it)
 * @param interrupted the run was stopped early (Ctrl-C): the report covers the part that ran
 * @param comparison how the policies were compared: "side-by-side" (one set of hotplug events delivered to
 *     every policy's system at once)
 * @param interval how every 95% interval of the report was computed
 * @param pairedDifferences each pair of policies' wrong-CPU rates compared over the same operations: the headline
 * @param trace the kernel trace's cross-check ({@code --trace}), or null
 */
public record StressReport(int schemaVersion, String tool, Provenance provenance, boolean interrupted,
                           long seed, String comparison, String startedAt, double durationS,
                           Machine machine, Options options, Interval interval,
                           List<PairedDifference> pairedDifferences, Map<String, PolicyReport> policies,
                           boolean invariantsHeld, boolean cpusRestored, List<String> failures,
                           String threadDump, @JsonInclude(JsonInclude.Include.NON_NULL) TraceReport trace) {


    public static final int SCHEMA_VERSION = 1;

    /** A report as {@link ReportBuilder} makes it: the runner adds the provenance ({@link #with}). */
    public StressReport(String tool, long seed, String comparison, String startedAt, double durationS,
                        Machine machine, Options options, Interval interval, List<PairedDifference> pairedDifferences,
                        Map<String, PolicyReport> policies, boolean invariantsHeld, boolean cpusRestored,
                        List<String> failures, String threadDump, TraceReport trace) {
        this(SCHEMA_VERSION, tool, null, false, seed, comparison, startedAt, durationS, machine, options, interval,
                pairedDifferences, policies, invariantsHeld, cpusRestored, failures, threadDump, trace);
    }

    /** This report with its provenance, and whether the run was interrupted. */
    public StressReport with(Provenance p, boolean wasInterrupted) {
        return new StressReport(schemaVersion, tool, p, wasInterrupted, seed, comparison, startedAt, durationS,
                machine, options, interval, pairedDifferences, policies, invariantsHeld, cpusRestored, failures,
                threadDump, trace);
    }

    public record Machine(int cpus, String kernel, String arch, String jni, String platform, boolean simulated,
                          String simulatedReason, String hotplugged) {
    }

    /** @param notifyMode how the systems heard of the run's own operations (README, "Notify modes") */
    public record Options(String duration, List<String> policies, String cpus, String interval, String source,
                          int workqueues, int producers, String workTime, double injectFailures, boolean hostile,
                          String outDir, String notifyMode) {
    }

    public record PolicyReport(Works works, WrongCpu wrongCpu, Stranded stranded, Hotplug hotplug,
                               Percentiles deadCallbackUs, DetectionLatency detectionLatencyUs,
                               Percentiles queueToStartUs, Map<String, Boolean> invariants,
                               Map<String, Long> core, WindowShare windowShare) {
    }

    /**
     * The share of the run (per hotplugged CPU, averaged) the hotplug windows cover: the less, the fewer
     * wrong-CPU works an excuse can hide (README, "What it measures").
     *
     * @param boundWorkers the detection windows, which excuse a bound worker
     * @param otherWorkers the unstable windows, which excuse a draining, embryonic or unbound one
     */
    public record WindowShare(double boundWorkers, double otherWorkers) {
    }

    /**
     * @param lost queued, never run nor cancelled
     * @param cpuAffine executions by per-CPU workers (single-threaded workqueues excluded): the rates' base
     */
    public record Works(long queued, long executed, long lost, long duplicated, long cancelled, long singleThreaded,
                        long cpuAffine, long flushes, long flushViolations, long destroys, long destroyViolations,
                        long shortLivedWorkqueues) {
    }

    /**
     * README, "How the interval is computed".
     *
     * @param method what was resampled
     * @param segments the operation segments of the run (one per operation, and the one before the first)
     * @param resamples how many times
     * @param seed the draws' seed (the run's)
     */
    public record Interval(String method, double confidence, int segments, int resamples, long seed) {
    }

    /**
     * @param count executions that started or ended off their queue's CPU (the causes partition it)
     * @param ci95 the rate's 95% interval, with the hotplug operation as the unit ({@link Interval})
     * @param startedWrong of those, started off their CPU (the strict definition: README, {@code hotplugwq stress})
     * @param perOperation wrong-CPU works per operation: "offline", "online", "failed" (changed nothing)
     */
    public record WrongCpu(long count, double rate, double[] ci95, Map<String, Cause> byCause, long startedWrong,
                           Map<String, PerOperation> perOperation) {
    }

    /**
     * How many wrong-CPU works each operation of one kind brought (its segment's: README, "How the interval is
     * computed"): nearest-rank percentiles.
     */
    public record PerOperation(long operations, double mean, long p50, long p90, long max) {
    }

    public record Cause(long count, double rate, double[] ci95) {
    }

    public record Stranded(long count, double maxWaitUs) {
    }

    /** @param externalEvents actions delivered for changes made by someone else during the run (excused ±1 s) */
    public record Hotplug(Direction online, Direction offline, Injected injected, long operations,
                          long externalEvents) {
    }

    /** As {@code torture_onoff} prints it; times are the kernel's (the sysfs write). */
    public record Direction(long attempts, long successes, double minUs, double maxUs, double meanUs) {
    }

    /** @param outcomes how each injected failure ended */
    public record Injected(long count, Map<String, Long> outcomes) {
    }

    public record Percentiles(long count, double p50, double p90, double p99, double max) {
    }

    /**
     * Write returned → the system's callback entered. A sample below zero (the event was delivered before
     * our write(2) returned) counts as 0 in the percentiles; {@code negativeSamples} counts those and
     * {@code minUs} is the true smallest sample (negative then).
     */
    public record DetectionLatency(long count, double p50, double p90, double p99, double max, long negativeSamples,
                                   double minUs) {
    }
}
