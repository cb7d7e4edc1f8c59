package org.hotplugwq.stress.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.DurationParser;
import org.hotplugwq.stress.PolicyRun;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.MachineInfo;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.verdict.CallbackTimings;
import org.hotplugwq.stress.verdict.ExecutionCollector;
import org.hotplugwq.stress.verdict.HotplugWindows;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.stress.verdict.WrongCpuCause;
import org.hotplugwq.stress.verdict.WrongExecution;

/** Turns the run's raw material (ledgers, collectors, hotplug log) into the {@link StressReport} and {@link Timeline}. */
public final class ReportBuilder {
    private static final int TIMELINE_POINTS_PER_POLICY = 3000;

    private final StressOptions options;
    private final MachineInfo info;
    private final CpuSet eligible;
    private final CpuSet onlineAtStart;
    private final long originNanos;
    private final Instant startedAt;

    public ReportBuilder(StressOptions options, MachineInfo info, CpuSet eligible, CpuSet onlineAtStart, long originNanos,
                  Instant startedAt) {
        this.options = options;
        this.info = info;
        this.eligible = eligible;
        this.onlineAtStart = onlineAtStart;
        this.originNanos = originNanos;
        this.startedAt = startedAt;
    }

    /** The report and the timeline, plus the failures (broken invariants) appended to {@code failures}. */
    public StressOutcome build(List<PolicyRun> runs, HotplugLog log, long endNanos, boolean cpusRestored, String hang,
                        String threadDump, List<String> failures, long graceNanos) {
        List<TransitionOutcome> ops = log.operations();
        long external = log.deliveries().stream().filter(HotplugLog.Delivery::external).count();
        StressReport.Hotplug hotplug = hotplugStats(ops, external);
        Map<String, StressReport.PolicyReport> policies = new LinkedHashMap<>();
        Map<String, List<Timeline.Point>> points = new LinkedHashMap<>();
        Map<String, long[]> perSecond = new LinkedHashMap<>();
        for (PolicyRun run : runs) {
            List<Timeline.Point> pts = new ArrayList<>();
            HotplugWindows windows = new HotplugWindows(ops, log.deliveries(), eligible.minus(onlineAtStart),
                    graceNanos, run.timings.deadCallbacks());
            policies.put(run.name(), policyReport(run, windows, hotplug, hang, pts, failures));
            points.put(run.name(), pts);
            perSecond.put(run.name(), run.collector.perSecond());
        }
        if (!cpusRestored) {
            failures.add("cpus restored: not every CPU this run offlined is online again");
        }
        if (hang != null) {
            failures.add("no hang: " + hang);
        }
        double durationS = (endNanos - originNanos) / 1e9;
        StressReport report = new StressReport("hotplugwq stress", options.seed(), "side-by-side",
                startedAt.toString(), round(durationS, 3), machine(), options(), policies, failures.isEmpty(),
                cpusRestored, List.copyOf(failures), threadDump);
        return new StressOutcome(report, timeline(ops, log.deliveries(), points, perSecond, durationS));
    }

    private StressReport.Machine machine() {
        return new StressReport.Machine(info.cpus(), info.kernel(), info.arch(), info.jni(), info.description(),
                info.simulated(), info.simulatedReason(), eligible.toString());
    }

    private StressReport.Options options() {
        List<String> names = options.policies().stream().map(p -> p.cliName()).toList();
        return new StressReport.Options(DurationParser.format(options.duration()), names, eligible.toString(),
                DurationParser.format(options.intervalMin()) + "-" + DurationParser.format(options.intervalMax()),
                options.sourceSpec(), options.workqueues(), options.producers(), DurationParser.format(options.workTime()),
                options.injectFailureRate(), options.hostile(), options.outDir().toString());
    }

    private StressReport.PolicyReport policyReport(PolicyRun run, HotplugWindows windows, StressReport.Hotplug hotplug,
                                                   String hang, List<Timeline.Point> points, List<String> failures) {
        Ledger l = run.ledger;
        ExecutionCollector c = run.collector;
        long executed = c.executed();
        long affine = executed - c.singleThread();
        EnumMap<WrongCpuCause, Long> byCause = new EnumMap<>(WrongCpuCause.class);
        for (WrongCpuCause cause : WrongCpuCause.values()) {
            byCause.put(cause, 0L);
        }
        long startedWrong = 0;
        List<String> unexcused = new ArrayList<>();
        List<WrongExecution> wrong = c.wrongExecutions();
        int stride = Math.max(1, wrong.size() / TIMELINE_POINTS_PER_POLICY);
        int i = 0;
        for (WrongExecution e : wrong) {
            WrongCpuCause cause = windows.classify(e);
            if (cause == WrongCpuCause.NO_HOTPLUG_IN_FLIGHT && unexcused.size() < 5) {
                unexcused.add(String.format(java.util.Locale.ROOT, "queued on cpu%d at %.3f ms, ran cpu%d->cpu%d"
                        + " at %.3f-%.3f ms by a %s worker", e.queueCpu(), (e.queuedNanos() - originNanos) / 1e6,
                        e.startCpu(), e.endCpu(), (e.startNanos() - originNanos) / 1e6,
                        (e.endNanos() - originNanos) / 1e6, e.state()));
            }
            byCause.merge(cause, 1L, Long::sum);
            startedWrong += e.startCpu() != e.queueCpu() ? 1 : 0;
            if (i++ % stride == 0 || cause == WrongCpuCause.NO_HOTPLUG_IN_FLIGHT) {
                points.add(new Timeline.Point((e.startNanos() - originNanos) / 1e9, e.queueCpu(), e.startCpu(), cause));
            }
        }
        long wrongCount = c.offCpu();
        long notClassified = c.notClassified(); // past the collector's cap: not vouched for
        Map<String, StressReport.Cause> causes = new LinkedHashMap<>();
        byCause.forEach((cause, n) -> causes.put(cause.key(), new StressReport.Cause(n, rate(n, affine),
                ci(n, affine))));
        StressReport.WrongCpu wrongCpu = new StressReport.WrongCpu(wrongCount, rate(wrongCount, affine),
                ci(wrongCount, affine), causes, startedWrong);
        long duplicated = l.duplicatedCount();
        StressReport.Works works = new StressReport.Works(l.queuedCount(), executed, run.lost, duplicated,
                l.cancelledCount(), c.singleThread(), affine, l.flushCount(), l.flushViolationCount(),
                l.destroyCount(), l.destroyViolationCount(), run.shortlivedCreated.sum());

        Map<String, Boolean> inv = new LinkedHashMap<>();
        boolean balanced = l.queuedCount() == l.executedCount() + l.cancelledCount() - duplicated + run.lost;
        // after a hang the shutdown never counted what was lost: only a duplicate is then known to be wrong
        boolean counted = hang == null && run.quiesceError == null;
        inv.put("exactlyOnce", duplicated == 0 && l.refusedIdleCount() == 0
                && (!counted || (run.lost == 0 && balanced)));
        inv.put("flush", l.flushViolationCount() == 0);
        inv.put("destroyRanEverything", l.destroyViolationCount() == 0);
        inv.put("noWrongCpuWithoutHotplug", byCause.get(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT) == 0
                && notClassified == 0);
        inv.put("noWorkFailures", run.system.workFailures() == 0);
        inv.put("noHang", hang == null && run.quiesceError == null);
        String p = run.name();
        if (!inv.get("exactlyOnce")) {
            failures.add(p + ": exactly once: queued " + l.queuedCount() + ", executed " + l.executedCount()
                    + ", cancelled " + l.cancelledCount() + ", lost " + run.lost + ", duplicated " + duplicated
                    + (l.refusedIdleCount() > 0 ? ", queue refused idle work " + l.refusedIdleCount() : ""));
        }
        if (!inv.get("flush")) {
            failures.add(p + ": flush: " + l.flushViolationCount() + " flush/flush_work calls returned early "
                    + l.examples());
        }
        if (!inv.get("destroyRanEverything")) {
            failures.add(p + ": destroy ran everything: " + l.destroyViolationCount() + " destroys returned with "
                    + "work not run");
        }
        if (notClassified > 0) {
            failures.add(p + ": no wrong CPU without hotplug: cannot tell, " + notClassified + " of " + wrongCount
                    + " off-CPU works were not classified (only the first " + ExecutionCollector.MAX_KEPT
                    + " are kept)");
        }
        if (byCause.get(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT) > 0) {
            failures.add(p + ": no wrong CPU without hotplug: " + byCause.get(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT)
                    + " works ran off their CPU while nothing about it was changing (affinity not restored), e.g. "
                    + unexcused);
        }
        if (!inv.get("noWorkFailures")) {
            failures.add(p + ": " + run.system.workFailures() + " work functions threw");
        }
        if (run.quiesceError != null) {
            failures.add(p + ": shutdown failed: " + run.quiesceError);
        }
        Map<String, Long> core = new LinkedHashMap<>();
        core.put("bindFailures", run.system.bindFailures());
        core.put("takenOverWorks", run.system.takenOverWorks());
        core.put("runDepthWarnings", run.system.runDepthWarnings());
        core.put("droppedTimers", run.system.droppedTimers());
        core.put("workFailures", run.system.workFailures());
        core.put("wrongKeptForClassification", (long) wrong.size());
        core.put("wrongNotClassified", notClassified);
        core.put("offlinesWithoutDeadCallback", windows.offlinesWithoutDead());
        return new StressReport.PolicyReport(works, wrongCpu,
                new StressReport.Stranded(c.stranded(), round(c.maxStrandedWaitNanos() / 1e3, 1)), hotplug,
                percentiles(run.timings.deadCallbackNanos()), detection(run.timings),
                percentiles(c.queueToStartNanos()), inv, core);
    }

    private static StressReport.Hotplug hotplugStats(List<TransitionOutcome> ops, long externalEvents) {
        Map<String, Long> injected = new LinkedHashMap<>();
        long injectedCount = 0;
        for (TransitionOutcome op : ops) {
            if (op.injected()) {
                injectedCount++;
                String how = switch (op.result()) {
                    case REFUSED -> (op.up() ? "online" : "offline") + " refused, rolled back";
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
            if (op.up() != up || op.result() == TransitionOutcome.Result.ALREADY) {
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
                        d.action() == org.hotplugwq.cpu.CpuAction.CPU_ONLINE, false, "EXTERNAL " + d.action()));
            }
        }
        downSince.forEach((cpu, from) -> spans.computeIfAbsent(cpu, c -> new ArrayList<>())
                .add(new double[] {from, durationS}));
        return new Timeline(durationS, eligible.stream().boxed().toList(), spans, tops, points, perSecond);
    }

    private static double rate(long x, long n) {
        return n == 0 ? 0 : (double) x / n;
    }

    private static double[] ci(long x, long n) {
        double[] w = Wilson.interval95(x, n);
        return new double[] {w[0], w[1]};
    }

    private static double us(long nanos) {
        return round(nanos / 1e3, 1);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
