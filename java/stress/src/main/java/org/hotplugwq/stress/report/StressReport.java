package org.hotplugwq.stress.report;

import java.util.List;
import java.util.Map;

/**
 * What a stress run found: serialised as {@code report.json} (the component names are the JSON keys) and
 * rendered as the summary table and {@code report.html}. Times are in microseconds.
 *
 * @param comparison how the policies were compared: "side-by-side" (one set of hotplug events delivered to
 *     every policy's system at once)
 */
public record StressReport(String tool, long seed, String comparison, String startedAt, double durationS,
                           Machine machine, Options options, Map<String, PolicyReport> policies,
                           boolean invariantsHeld, boolean cpusRestored, List<String> failures,
                           String threadDump) {

    public record Machine(int cpus, String kernel, String arch, String jni, String platform, boolean simulated,
                          String simulatedReason, String hotplugged) {
    }

    public record Options(String duration, List<String> policies, String cpus, String interval, String source,
                          int workqueues, int producers, String workTime, double injectFailures, boolean hostile,
                          String outDir) {
    }

    public record PolicyReport(Works works, WrongCpu wrongCpu, Stranded stranded, Hotplug hotplug,
                               Percentiles deadCallbackUs, DetectionLatency detectionLatencyUs,
                               Percentiles queueToStartUs, Map<String, Boolean> invariants,
                               Map<String, Long> core) {
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
     * @param count executions that started or ended off their queue's CPU (the causes partition it)
     * @param startedWrong of those, started off their CPU (the strict definition: README, {@code hotplugwq stress})
     */
    public record WrongCpu(long count, double rate, double[] ci95, Map<String, Cause> byCause, long startedWrong) {
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
