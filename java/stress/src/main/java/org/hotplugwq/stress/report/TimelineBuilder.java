package org.hotplugwq.stress.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.verdict.WrongCpuCause;
import org.hotplugwq.stress.verdict.WrongExecution;

/**
 * Maps the hotplug log and each policy's wrong-CPU executions onto the {@link Timeline}. Each wrong-CPU execution
 * belongs to the last operation on its queue's CPU that began before it started.
 */
final class TimelineBuilder {
    static final int POINTS_PER_POLICY = 3000;
    static final int WORST_OPS = 5;
    static final int POINTS_PER_WORST_OP = 600;
    private static final int CDF_POINTS = 300;

    private final CpuSet eligible;
    private final CpuSet onlineAtStart;
    private final long originNanos;

    TimelineBuilder(CpuSet eligible, CpuSet onlineAtStart, long originNanos) {
        this.eligible = eligible;
        this.onlineAtStart = onlineAtStart;
        this.originNanos = originNanos;
    }

    Timeline build(List<PolicyResult> results, List<TransitionOutcome> outcomes, List<HotplugLog.Delivery> deliveries,
                   double durationS) {
        Operations a = operations(outcomes, deliveries);
        List<Timeline.Op> ops = a.ops();
        Map<String, long[]> perSecond = new LinkedHashMap<>();
        Map<String, long[]> sinceWrite = new LinkedHashMap<>();
        Map<String, long[]> perOp = new LinkedHashMap<>();
        for (PolicyResult r : results) {
            perSecond.put(r.name(), r.collector().perSecond());
            long[] bins = new long[Timeline.SINCE_WRITE_BINS.length + 2];
            long[] counts = new long[ops.size()];
            r.evidence().wrongCpu().forEach((e, cause) -> {
                int op = a.opOf(e);
                bins[bin(op < 0 ? Double.NaN : a.sinceWriteNanos(e, op) / 1e6)]++;
                if (op >= 0) {
                    counts[op]++;
                }
            });
            sinceWrite.put(r.name(), bins);
            perOp.put(r.name(), counts);
        }
        List<Integer> worst = worst(perOp, ops.size());
        Map<String, List<Timeline.Point>> points = new LinkedHashMap<>();
        Map<Integer, Map<String, List<Timeline.Point>>> worstPoints = new HashMap<>();
        worst.forEach(op -> worstPoints.put(op, new LinkedHashMap<>()));
        for (PolicyResult r : results) {
            points.put(r.name(), samplePoints(r, a, perOp.get(r.name()), worstPoints));
        }
        List<Timeline.WorstOp> worstOps = new ArrayList<>();
        for (int op : worst) {
            Map<String, Long> wrong = new LinkedHashMap<>();
            perOp.forEach((policy, counts) -> wrong.put(policy, counts[op]));
            worstOps.add(new Timeline.WorstOp(ops.get(op), wrong.values().stream().mapToLong(Long::longValue).sum(),
                    wrong, worstPoints.get(op)));
        }
        return new Timeline(durationS, eligible.stream().boxed().toList(), offlineSpans(outcomes, durationS), ops,
                points, perSecond, List.of(), worstOps, sinceWrite, detection(results));
    }

    /** The operations as drawn (ours, then someone else's), and which one each wrong-CPU execution belongs to. */
    Operations operations(List<TransitionOutcome> outcomes, List<HotplugLog.Delivery> deliveries) {
        List<Timeline.Op> ops = new ArrayList<>();
        List<Long> writeStarts = new ArrayList<>();
        Map<Integer, TreeMap<Long, Integer>> byCpu = new HashMap<>();
        for (TransitionOutcome o : outcomes) {
            ops.add(new Timeline.Op(s(o.beginNanos()), s(o.writeStartNanos()), s(Math.min(o.writeEndNanos(),
                    o.endNanos())), s(o.endNanos()), o.cpu(), o.up(), o.injected(), o.result().name()));
            writeStarts.add(o.writeStartNanos());
            if (o.result() != TransitionResult.Outcome.ALREADY) {
                byCpu.computeIfAbsent(o.cpu(), c -> new TreeMap<>()).put(o.beginNanos(), ops.size() - 1);
            }
        }
        for (HotplugLog.Delivery d : deliveries) {
            if (d.external()) {
                double seen = s(d.observedNanos());
                ops.add(new Timeline.Op(seen, seen, seen, s(d.deliveredNanos()), d.cpu(),
                        d.action() == CpuAction.CPU_ONLINE, false, "EXTERNAL " + d.action()));
                writeStarts.add(d.observedNanos());
                byCpu.computeIfAbsent(d.cpu(), c -> new TreeMap<>()).put(d.observedNanos(), ops.size() - 1);
            }
        }
        return new Operations(List.copyOf(ops), byCpu, writeStarts);
    }

    /** Every wrong-CPU execution with no hotplug excuse, a sample of the others, and the worst operations' works. */
    private List<Timeline.Point> samplePoints(PolicyResult r, Operations a, long[] counts,
                                              Map<Integer, Map<String, List<Timeline.Point>>> worst) {
        List<Timeline.Point> points = new ArrayList<>();
        int stride = Math.max(1, r.evidence().wrongCpu().classified() / POINTS_PER_POLICY);
        int[] i = {0};
        Map<Integer, int[]> seen = new HashMap<>();
        worst.keySet().forEach(op -> seen.put(op, new int[1]));
        r.evidence().wrongCpu().forEach((e, cause) -> {
            boolean sampled = i[0]++ % stride == 0 || cause == WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
            int op = a.opOf(e);
            int[] n = seen.get(op);
            boolean inWorst = n != null && n[0]++ % Math.max(1, counts[op] / POINTS_PER_WORST_OP) == 0;
            if (!sampled && !inWorst) {
                return;
            }
            Timeline.Point p = new Timeline.Point(s(e.startNanos()), e.queueCpu(), e.startCpu(), e.endCpu(), cause,
                    op < 0 ? Double.NaN : a.sinceWriteNanos(e, op) / 1e9);
            if (sampled) {
                points.add(p);
            }
            if (inWorst) {
                worst.get(op).computeIfAbsent(r.name(), k -> new ArrayList<>()).add(p);
            }
        });
        return points;
    }

    private static List<Integer> worst(Map<String, long[]> perOp, int ops) {
        long[] total = new long[ops];
        perOp.values().forEach(c -> {
            for (int i = 0; i < ops; i++) {
                total[i] += c[i];
            }
        });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            if (total[i] > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong((Integer i) -> -total[i]).thenComparingInt(i -> i));
        return order.subList(0, Math.min(WORST_OPS, order.size()));
    }

    /** The bin of a time since the write in ms: 0 before the write, then by upper edge, NaN (no operation) last. */
    static int bin(double ms) {
        if (Double.isNaN(ms)) {
            return Timeline.SINCE_WRITE_BINS.length + 1;
        }
        if (ms < 0) {
            return 0;
        }
        for (int i = 0; i < Timeline.SINCE_WRITE_BINS.length; i++) {
            if (ms < Timeline.SINCE_WRITE_BINS[i]) {
                return i + 1;
            }
        }
        return Timeline.SINCE_WRITE_BINS.length;
    }

    /** Where the kernel had each CPU offline: from an offline's write returning to an online's write starting. */
    private Map<Integer, List<double[]>> offlineSpans(List<TransitionOutcome> ops, double durationS) {
        Map<Integer, List<double[]>> spans = new LinkedHashMap<>();
        Map<Integer, Double> downSince = new LinkedHashMap<>();
        eligible.forEach(cpu -> spans.put(cpu, new ArrayList<>()));
        eligible.minus(onlineAtStart).forEach(cpu -> downSince.put(cpu, 0.0));
        for (TransitionOutcome op : ops) {
            if (!op.changed()) {
                continue;
            }
            if (!op.up()) {
                downSince.put(op.cpu(), s(Math.min(op.writeEndNanos(), op.endNanos())));
            } else {
                Double from = downSince.remove(op.cpu());
                spans.computeIfAbsent(op.cpu(), c -> new ArrayList<>())
                        .add(new double[] {from == null ? 0 : from, s(op.writeStartNanos())});
            }
        }
        downSince.forEach((cpu, from) -> spans.computeIfAbsent(cpu, c -> new ArrayList<>())
                .add(new double[] {from, durationS}));
        return spans;
    }

    private static List<Timeline.Cdf> detection(List<PolicyResult> results) {
        List<Timeline.Cdf> out = new ArrayList<>();
        for (EventOrigin origin : EventOrigin.values()) {
            for (PolicyResult r : results) {
                Histogram h = r.timings().detectionNanosByOrigin().get(origin);
                if (h != null && h.getTotalCount() > 0) {
                    out.add(cdf(origin.label(), r.name(), h));
                }
            }
        }
        return out;
    }

    static Timeline.Cdf cdf(String source, String policy, Histogram h) {
        List<double[]> steps = new ArrayList<>();
        long total = h.getTotalCount();
        for (HistogramIterationValue v : h.recordedValues()) {
            steps.add(new double[] {h.highestEquivalentValue(v.getValueIteratedTo()) / 1e3,
                (double) v.getTotalCountToThisValue() / total});
        }
        int stride = Math.max(1, (steps.size() + CDF_POINTS - 1) / CDF_POINTS);
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (i % stride == stride - 1 || i == steps.size() - 1) {
                kept.add(steps.get(i));
            }
        }
        double[] us = kept.stream().mapToDouble(p -> p[0]).toArray();
        double[] fraction = kept.stream().mapToDouble(p -> p[1]).toArray();
        return new Timeline.Cdf(source, policy, total, us, fraction);
    }

    private double s(long nanos) {
        return (nanos - originNanos) / 1e9;
    }

    /** The operations, and which one each wrong-CPU execution belongs to. */
    record Operations(List<Timeline.Op> ops, Map<Integer, TreeMap<Long, Integer>> byCpu, List<Long> writeStarts) {
        /** The last operation on the execution's queue CPU that began at or before it started; -1: none. */
        int opOf(WrongExecution e) {
            TreeMap<Long, Integer> m = byCpu.get(e.queueCpu());
            Map.Entry<Long, Integer> hit = m == null ? null : m.floorEntry(e.startNanos());
            return hit == null ? -1 : hit.getValue();
        }

        /** From the write of operation {@code op} to the execution's start (negative: it started before). */
        long sinceWriteNanos(WrongExecution e, int op) {
            return e.startNanos() - writeStarts.get(op);
        }
    }
}
