package org.hotplugwq.stress.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.DurationParser;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.MachineInfo;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.trace.TraceReport;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.hotplugwq.stress.verdict.ClusteredRate;
import org.hotplugwq.stress.verdict.ExecutionCollector;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.stress.verdict.OperationDistribution;
import org.hotplugwq.stress.verdict.OperationSegments;
import org.hotplugwq.stress.verdict.RunVerdict;
import org.hotplugwq.stress.verdict.SegmentCounts;
import org.hotplugwq.stress.verdict.WrongCpuCause;
import org.hotplugwq.stress.verdict.WrongCpuTally;

/**
 * Maps what a run measured and judged (each policy's {@link PolicyResult}, the {@link RunVerdict}, the
 * hotplug log) onto the {@link StressReport} and the {@link Timeline}: no verdict is made here.
 */
public final class ReportBuilder {
    private final StressOptions options;
    private final MachineInfo info;
    private final CpuSet eligible;
    private final CpuSet onlineAtStart;
    private final long originNanos;
    private final Instant startedAt;
    private TraceReport trace;
    private List<KernelStep> kernelSteps = List.of();

    public ReportBuilder(StressOptions options, MachineInfo info, CpuSet eligible, CpuSet onlineAtStart,
                         long originNanos, Instant startedAt) {
        this.options = options;
        this.info = info;
        this.eligible = eligible;
        this.onlineAtStart = onlineAtStart;
        this.originNanos = originNanos;
        this.startedAt = startedAt;
    }

    /** The {@code --trace} check's section of report.json, and the kernel's steps for the timeline. */
    public ReportBuilder trace(TraceReport report, List<KernelStep> steps) {
        this.trace = report;
        this.kernelSteps = List.copyOf(steps);
        return this;
    }

    /** The kernel's steps as the trace logged them (empty without {@code --trace}): the timeline draws them. */
    public List<KernelStep> kernelSteps() {
        return kernelSteps;
    }

    /**
     * @param ops every hotplug operation of the run, as the verdict saw them
     * @param deliveries every action delivered, as the verdict saw them
     * @param threadDump where the watchdog wrote its thread dump, or null
     */
    public StressOutcome build(List<PolicyResult> results, RunVerdict verdict, List<TransitionOutcome> ops,
                               List<HotplugLog.Delivery> deliveries, long endNanos, String threadDump) {
        long external = deliveries.stream().filter(HotplugLog.Delivery::external).count();
        StressReport.Hotplug hotplug = hotplugStats(ops, external);
        List<SegmentCounts> segments = new ArrayList<>();
        if (!results.isEmpty()) {
            // every policy's collector has the same grid (same origin, same span)
            OperationSegments cut = OperationSegments.of(ops, results.get(0).collector().affineStarts());
            for (PolicyResult r : results) {
                segments.add(cut.count(r.name(), r.collector().affineStarts(), r.evidence().wrongCpu()));
            }
        }
        ClusteredRate.Estimate estimate = ClusteredRate.of(segments, options.seed());
        Map<String, StressReport.PolicyReport> policies = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            PolicyResult r = results.get(i);
            policies.put(r.name(), policyReport(r, hotplug, estimate, segments.get(i), endNanos));
        }
        double durationS = (endNanos - originNanos) / 1e9;
        StressReport report = new StressReport("hotplugwq stress", options.seed(), "side-by-side",
                startedAt.toString(), round(durationS, 3), machine(), options(), interval(estimate),
                pairedDifferences(estimate), policies, verdict.invariantsHeld(), verdict.cpusRestored(),
                verdict.failures(), threadDump, trace);
        return new StressOutcome(report, new TimelineBuilder(eligible, onlineAtStart, originNanos)
                .build(results, ops, deliveries, durationS).withKernelSteps(kernelSteps), segments);
    }

    /** How the intervals of {@code e} were computed, for the report. */
    public static StressReport.Interval interval(ClusteredRate.Estimate e) {
        return new StressReport.Interval(ClusteredRate.METHOD, ClusteredRate.CONFIDENCE, e.segments(),
                e.resamples(), e.seed());
    }

    /** The paired differences of {@code e}, in percentage points, in headline order. */
    public static List<PairedDifference> pairedDifferences(ClusteredRate.Estimate e) {
        return e.differences().stream().map(d -> new PairedDifference(d.minuend(), d.subtrahend(),
                pp(d.interval().estimate()), pp(d.interval().low()), pp(d.interval().high()),
                ClusteredRate.CONFIDENCE)).toList();
    }

    /** Wrong-CPU works per offline, per online and per failed operation. */
    public static Map<String, StressReport.PerOperation> perOperation(SegmentCounts s) {
        Map<String, StressReport.PerOperation> out = new LinkedHashMap<>();
        for (OperationSegments.Kind kind : List.of(OperationSegments.Kind.OFFLINE, OperationSegments.Kind.ONLINE,
                OperationSegments.Kind.FAILED)) {
            OperationDistribution d = OperationDistribution.of(s.wrongPer(kind));
            out.put(kind.name().toLowerCase(java.util.Locale.ROOT),
                    new StressReport.PerOperation(d.operations(), round(d.mean(), 3), d.p50(), d.p90(), d.max()));
        }
        return out;
    }

    private StressReport.Machine machine() {
        return new StressReport.Machine(info.cpus(), info.kernel(), info.arch(), info.jni(), info.description(),
                info.simulated(), info.simulatedReason(), eligible.toString());
    }

    private StressReport.Options options() {
        List<String> names = options.policies().stream().map(p -> p.cliName()).toList();
        return new StressReport.Options(DurationParser.format(options.duration()), names, eligible.toString(),
                DurationParser.format(options.intervalMin()) + "-" + DurationParser.format(options.intervalMax()),
                options.sourceSpec(), options.workqueues(), options.producers(),
                DurationParser.format(options.workTime()), options.injectFailureRate(), options.hostile(),
                options.outDir().toString(), options.notifyMode().cliName());
    }

    private StressReport.PolicyReport policyReport(PolicyResult r, StressReport.Hotplug hotplug,
                                                   ClusteredRate.Estimate estimate, SegmentCounts segments,
                                                   long endNanos) {
        Ledger.Counts l = r.evidence().ledger();
        WrongCpuTally w = r.evidence().wrongCpu();
        ExecutionCollector c = r.collector();
        long executed = c.executed();
        long affine = executed - c.singleThread();
        Map<String, StressReport.Cause> causes = new LinkedHashMap<>();
        for (WrongCpuCause cause : WrongCpuCause.values()) {
            long n = w.count(cause);
            causes.put(cause.key(), new StressReport.Cause(n, rate(n, affine),
                    estimate.byCause().get(r.name()).get(cause).bounds()));
        }
        StressReport.WrongCpu wrongCpu = new StressReport.WrongCpu(w.offCpu(), rate(w.offCpu(), affine),
                estimate.rates().get(r.name()).bounds(), causes, w.startedWrong(), perOperation(segments));
        StressReport.Works works = new StressReport.Works(l.queued(), executed, r.evidence().lost(), l.duplicated(),
                l.cancelled(), c.singleThread(), affine, l.flushes(), l.flushViolations(), l.destroys(),
                l.destroyViolations(), r.shortlivedCreated());
        Map<String, Long> core = new LinkedHashMap<>(r.systemCounters());
        core.put("wrongKeptForClassification", (long) w.classified());
        core.put("wrongNotClassified", w.notClassified());
        core.put("offlinesWithoutDeadCallback", r.offlinesWithoutDead());
        return new StressReport.PolicyReport(works, wrongCpu,
                new StressReport.Stranded(c.stranded(), round(c.maxStrandedWaitNanos() / 1e3, 1)), hotplug,
                percentiles(r.timings().deadCallbackNanos()), detection(r.timings()),
                percentiles(c.queueToStartNanos()), r.verdict().byKey(), core, new StressReport.WindowShare(
                        round(r.windows().detectionShare(eligible, originNanos, endNanos), 4),
                        round(r.windows().unstableShare(eligible, originNanos, endNanos), 4)));
    }

    private static StressReport.Hotplug hotplugStats(List<TransitionOutcome> ops, long externalEvents) {
        Map<String, Long> injected = new LinkedHashMap<>();
        long injectedCount = 0;
        for (TransitionOutcome op : ops) {
            if (op.injected()) {
                injectedCount++;
                String how = switch (op.result()) { // camelCase, as every key of report.json
                    case KERNEL_REFUSED -> (op.up() ? "online" : "offline") + "RefusedRolledBack";
                    case DONE -> (op.up() ? "online" : "offline") + "SucceededAnyway";
                    case VETOED -> "vetoedByANotifier";
                    case ALREADY -> "nothingToDo";
                    case ERROR -> "error";
                };
                injected.merge(how, 1L, Long::sum);
            }
        }
        return new StressReport.Hotplug(direction(ops, true), direction(ops, false),
                new StressReport.Injected(injectedCount, injected), ops.size(), externalEvents);
    }

    /** torture_onoff's numbers: injected failures count as attempts, times are of the successes. */
    private static StressReport.Direction direction(List<TransitionOutcome> ops, boolean up) {
        long attempts = 0;
        long successes = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (TransitionOutcome op : ops) {
            if (op.up() != up || op.result() == TransitionResult.Outcome.ALREADY) {
                continue;
            }
            attempts++;
            if (op.changed()) {
                successes++;
                min = Math.min(min, op.writeNanos());
                max = Math.max(max, op.writeNanos());
                sum += op.writeNanos();
            }
        }
        return new StressReport.Direction(attempts, successes, successes == 0 ? 0 : round(min / 1e3, 1),
                round(max / 1e3, 1), successes == 0 ? 0 : round(sum / 1e3 / successes, 1));
    }

    private static StressReport.DetectionLatency detection(CallbackTimings t) {
        StressReport.Percentiles p = percentiles(t.detectionNanos());
        return new StressReport.DetectionLatency(p.count(), p.p50(), p.p90(), p.p99(), p.max(),
                t.negativeDetectionSamples(), us(t.minDetectionNanos()));
    }

    static StressReport.Percentiles percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new StressReport.Percentiles(0, 0, 0, 0, 0);
        }
        return new StressReport.Percentiles(h.getTotalCount(), us(h.getValueAtPercentile(50)),
                us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)), us(h.getMaxValue()));
    }

    private static double rate(long x, long n) {
        return n == 0 ? 0 : (double) x / n;
    }

    private static double pp(double rate) {
        return round(rate * 100, 4);
    }

    private static double us(long nanos) {
        return round(nanos / 1e3, 1);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
