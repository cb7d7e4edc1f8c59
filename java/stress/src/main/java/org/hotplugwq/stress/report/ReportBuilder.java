package org.hotplugwq.stress.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.DurationParser;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.MachineInfo;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.hotplugwq.stress.verdict.ExecutionCollector;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.stress.verdict.RunVerdict;
import org.hotplugwq.stress.verdict.WrongCpuCause;
import org.hotplugwq.stress.verdict.WrongCpuTally;

/**
 * Maps what a run measured and judged (each policy's {@link PolicyResult}, the {@link RunVerdict}, the
 * hotplug log) onto the {@link StressReport} and the {@link Timeline}: no verdict is made here.
 */
public final class ReportBuilder {
    private static final int TIMELINE_POINTS_PER_POLICY = 3000;

    private final StressOptions options;
    private final MachineInfo info;
    private final CpuSet eligible;
    private final CpuSet onlineAtStart;
    private final long originNanos;
    private final Instant startedAt;

    public ReportBuilder(StressOptions options, MachineInfo info, CpuSet eligible, CpuSet onlineAtStart,
                         long originNanos, Instant startedAt) {
        this.options = options;
        this.info = info;
        this.eligible = eligible;
        this.onlineAtStart = onlineAtStart;
        this.originNanos = originNanos;
        this.startedAt = startedAt;
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
        Map<String, StressReport.PolicyReport> policies = new LinkedHashMap<>();
        Map<String, List<Timeline.Point>> points = new LinkedHashMap<>();
        Map<String, long[]> perSecond = new LinkedHashMap<>();
        for (PolicyResult r : results) {
            policies.put(r.name(), policyReport(r, hotplug));
            points.put(r.name(), timelinePoints(r.evidence().wrongCpu()));
            perSecond.put(r.name(), r.collector().perSecond());
        }
        double durationS = (endNanos - originNanos) / 1e9;
        StressReport report = new StressReport("hotplugwq stress", options.seed(), "side-by-side",
                startedAt.toString(), round(durationS, 3), machine(), options(), policies, verdict.invariantsHeld(),
                verdict.cpusRestored(), verdict.failures(), threadDump);
        return new StressOutcome(report, timeline(ops, deliveries, points, perSecond, durationS));
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
                options.outDir().toString());
    }

    private StressReport.PolicyReport policyReport(PolicyResult r, StressReport.Hotplug hotplug) {
        Ledger.Counts l = r.evidence().ledger();
        WrongCpuTally w = r.evidence().wrongCpu();
        ExecutionCollector c = r.collector();
        long executed = c.executed();
        long affine = executed - c.singleThread();
        Map<String, StressReport.Cause> causes = new LinkedHashMap<>();
        for (WrongCpuCause cause : WrongCpuCause.values()) {
            long n = w.count(cause);
            causes.put(cause.key(), new StressReport.Cause(n, rate(n, affine), Wilson.interval95(n, affine)));
        }
        StressReport.WrongCpu wrongCpu = new StressReport.WrongCpu(w.offCpu(), rate(w.offCpu(), affine),
                Wilson.interval95(w.offCpu(), affine), causes, w.startedWrong());
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
                percentiles(c.queueToStartNanos()), r.verdict().byKey(), core);
    }

    /** A sample of the wrong-CPU executions for the timeline; every one with no hotplug excuse is kept. */
    private List<Timeline.Point> timelinePoints(WrongCpuTally w) {
        List<Timeline.Point> points = new ArrayList<>();
        int stride = Math.max(1, w.classified() / TIMELINE_POINTS_PER_POLICY);
        int[] i = {0};
        w.forEach((e, cause) -> {
            if (i[0]++ % stride == 0 || cause == WrongCpuCause.NO_HOTPLUG_IN_FLIGHT) {
                points.add(new Timeline.Point((e.startNanos() - originNanos) / 1e9, e.queueCpu(), e.startCpu(),
                        cause));
            }
        });
        return points;
    }

    private static StressReport.Hotplug hotplugStats(List<TransitionOutcome> ops, long externalEvents) {
        Map<String, Long> injected = new LinkedHashMap<>();
        long injectedCount = 0;
        for (TransitionOutcome op : ops) {
            if (op.injected()) {
                injectedCount++;
                String how = switch (op.result()) {
                    case KERNEL_REFUSED -> (op.up() ? "online" : "offline") + " refused, rolled back";
                    case DONE -> (op.up() ? "online" : "offline") + " succeeded anyway";
                    case VETOED -> "vetoed by a notifier";
                    case ALREADY -> "nothing to do";
                    case ERROR -> "error: " + op.detail();
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

    private Timeline timeline(List<TransitionOutcome> ops, List<HotplugLog.Delivery> deliveries,
                              Map<String, List<Timeline.Point>> points, Map<String, long[]> perSecond,
                              double durationS) {
        Map<Integer, List<double[]>> spans = new LinkedHashMap<>();
        Map<Integer, Double> downSince = new LinkedHashMap<>();
        eligible.forEach(cpu -> spans.put(cpu, new ArrayList<>()));
        eligible.minus(onlineAtStart).forEach(cpu -> downSince.put(cpu, 0.0));
        List<Timeline.Op> tops = new ArrayList<>();
        for (TransitionOutcome op : ops) {
            double t = (op.endNanos() - originNanos) / 1e9;
            tops.add(new Timeline.Op(t, op.cpu(), op.up(), op.injected(), op.result().name()));
            if (!op.changed()) {
                continue;
            }
            if (!op.up()) {
                downSince.put(op.cpu(), t);
            } else {
                Double from = downSince.remove(op.cpu());
                spans.computeIfAbsent(op.cpu(), c -> new ArrayList<>()).add(new double[] {from == null ? 0 : from, t});
            }
        }
        for (HotplugLog.Delivery d : deliveries) {
            if (d.external()) {
                tops.add(new Timeline.Op((d.deliveredNanos() - originNanos) / 1e9, d.cpu(),
                        d.action() == CpuAction.CPU_ONLINE, false, "EXTERNAL " + d.action()));
            }
        }
        downSince.forEach((cpu, from) -> spans.computeIfAbsent(cpu, c -> new ArrayList<>())
                .add(new double[] {from, durationS}));
        return new Timeline(durationS, eligible.stream().boxed().toList(), spans, tops, points, perSecond);
    }

    private static double rate(long x, long n) {
        return n == 0 ? 0 : (double) x / n;
    }

    private static double us(long nanos) {
        return round(nanos / 1e3, 1);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
