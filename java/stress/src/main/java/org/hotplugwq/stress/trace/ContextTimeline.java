package org.hotplugwq.stress.trace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.TransitionOutcome;

/**
 * Per CPU, the kernel context at every moment of the run (an {@link OffCpuContext}), from the kernel's transitions,
 * the systems' {@code CPU_ONLINE} deliveries (which re-pin) and the run's failed operations. Piecewise constant:
 * outside every span the context is {@link OffCpuContext#REPINNED_IDLE}.
 */
final class ContextTimeline {
    private record Span(long start, long end, OffCpuContext context) {
    }

    /** One CPU's pieces: {@code bounds[i]..bounds[i+1]} has {@code contexts[i]}. */
    private record Pieces(long[] bounds, OffCpuContext[] contexts) {
    }

    private final Map<Integer, Pieces> byCpu = new HashMap<>();

    ContextTimeline(List<KernelRecording.Transition> transitions, List<HotplugLog.Delivery> deliveries,
                    List<TransitionOutcome> ops, java.util.function.IntPredicate offlineAtStart, long fromNanos,
                    long toNanos) {
        Map<Integer, List<Span>> spans = new HashMap<>();
        Map<Integer, Long> offlineSince = new HashMap<>();
        for (KernelRecording.Transition t : transitions) {
            List<Span> s = spans.computeIfAbsent(t.cpu(), c -> new ArrayList<>());
            long end = t.endNanos() < 0 ? toNanos : t.endNanos();
            if (t.failed()) {
                s.add(new Span(t.startNanos(), Math.max(end, t.failedNanos()), OffCpuContext.FAILED_OPERATION));
            } else if (t.down()) {
                s.add(new Span(t.startNanos(), end, OffCpuContext.OFFLINE_IN_FLIGHT));
                offlineSince.put(t.cpu(), end);
            } else {
                long since = offlineSince.containsKey(t.cpu()) ? offlineSince.remove(t.cpu())
                        : offlineAtStart.test(t.cpu()) ? fromNanos : t.startNanos();
                s.add(new Span(since, end, OffCpuContext.CPU_OFFLINE));
                s.add(new Span(end, repinned(deliveries, t.cpu(), end, toNanos), OffCpuContext.ONLINE_NOT_REPINNED));
            }
        }
        offlineSince.forEach((cpu, since) -> spans.get(cpu).add(new Span(since, toNanos, OffCpuContext.CPU_OFFLINE)));
        for (TransitionOutcome op : ops) {
            if (op.injected() && op.result() != TransitionResult.Outcome.DONE) {
                spans.computeIfAbsent(op.cpu(), c -> new ArrayList<>())
                        .add(new Span(op.beginNanos(), op.endNanos(), OffCpuContext.FAILED_OPERATION));
            }
        }
        spans.forEach((cpu, s) -> byCpu.put(cpu, pieces(s)));
    }

    /** When the systems' {@code CPU_ONLINE} for {@code cpu} had returned, after {@code onlineNanos}. */
    private static long repinned(List<HotplugLog.Delivery> deliveries, int cpu, long onlineNanos, long toNanos) {
        for (HotplugLog.Delivery d : deliveries) {
            if (d.cpu() == cpu && d.action() == CpuAction.CPU_ONLINE && d.deliveredNanos() >= onlineNanos) {
                return d.deliveredNanos();
            }
        }
        return toNanos;
    }

    private static Pieces pieces(List<Span> spans) {
        TreeSet<Long> cuts = new TreeSet<>();
        spans.forEach(s -> {
            cuts.add(s.start());
            cuts.add(s.end());
        });
        long[] bounds = cuts.stream().mapToLong(Long::longValue).toArray();
        OffCpuContext[] contexts = new OffCpuContext[Math.max(0, bounds.length - 1)];
        for (int i = 0; i < contexts.length; i++) {
            OffCpuContext best = OffCpuContext.REPINNED_IDLE;
            for (Span s : spans) {
                if (s.start() <= bounds[i] && s.end() >= bounds[i + 1] && s.context().ordinal() < best.ordinal()) {
                    best = s.context();
                }
            }
            contexts[i] = best;
        }
        return new Pieces(bounds, contexts);
    }

    /** Adds the time of {@code [from, to)} to {@code into}, split by {@code cpu}'s context. */
    void split(int cpu, long from, long to, EnumMap<OffCpuContext, Long> into) {
        Pieces p = byCpu.get(cpu);
        long t = from;
        if (p != null && p.bounds().length > 1) {
            long[] b = p.bounds();
            int i = java.util.Arrays.binarySearch(b, from);
            i = i >= 0 ? i : -i - 2; // the piece holding 'from', or -1 before the first
            for (; t < to && i < b.length - 1; i++) {
                if (i < 0) {
                    long e = Math.min(to, b[0]);
                    into.merge(OffCpuContext.REPINNED_IDLE, e - t, Long::sum);
                    t = e;
                    continue;
                }
                long e = Math.min(to, b[i + 1]);
                if (e > t) {
                    into.merge(p.contexts()[i], e - t, Long::sum);
                    t = e;
                }
            }
        }
        if (to > t) {
            into.merge(OffCpuContext.REPINNED_IDLE, to - t, Long::sum);
        }
    }
}
