package org.hotplugwq.stress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.workqueue.WorkerState;

/**
 * For each CPU, the times when it was not "stably online": from the start of an offline until the end of
 * the online that brought it back (offline time included), and the span of every failed or refused
 * operation. A wrong-CPU execution outside these windows has no hotplug excuse.
 */
final class HotplugWindows {
    private static final long EXTERNAL_LEAD_NANOS = 1_000_000_000L;  // an outside change: seen up to 1 s late
    private static final long EXTERNAL_TAIL_NANOS = 50_000_000L;

    private final Map<Integer, long[][]> byCpu = new HashMap<>();

    /**
     * @param offlineAtStart CPUs already offline when the run began (unstable from the start)
     * @param graceNanos added after the end of each window
     */
    HotplugWindows(List<TransitionOutcome> ops, List<HotplugLog.Delivery> deliveries, CpuSet offlineAtStart,
                   long graceNanos) {
        Map<Integer, List<long[]>> raw = new HashMap<>();
        Map<Integer, Long> openFrom = new HashMap<>();
        offlineAtStart.forEach(cpu -> openFrom.put(cpu, Long.MIN_VALUE));
        for (TransitionOutcome op : ops) {
            int cpu = op.cpu();
            List<long[]> list = raw.computeIfAbsent(cpu, c -> new ArrayList<>());
            if (op.changed() && !op.up()) {
                openFrom.putIfAbsent(cpu, op.beginNanos());
            } else if (op.changed()) {
                Long from = openFrom.remove(cpu);
                list.add(new long[] {from == null ? op.beginNanos() : from, op.endNanos() + graceNanos});
            } else {
                list.add(new long[] {op.beginNanos(), op.endNanos() + graceNanos});
            }
        }
        openFrom.forEach((cpu, from) -> raw.computeIfAbsent(cpu, c -> new ArrayList<>())
                .add(new long[] {from, Long.MAX_VALUE}));
        for (HotplugLog.Delivery d : deliveries) {
            if (d.external()) {
                raw.computeIfAbsent(d.cpu(), c -> new ArrayList<>()).add(new long[] {
                    d.observedNanos() - EXTERNAL_LEAD_NANOS, d.deliveredNanos() + EXTERNAL_TAIL_NANOS});
            }
        }
        raw.forEach((cpu, list) -> byCpu.put(cpu, merge(list)));
    }

    private static long[][] merge(List<long[]> list) {
        list.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] w : list) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && w[0] <= last[1]) {
                last[1] = Math.max(last[1], w[1]);
            } else {
                out.add(new long[] {w[0], w[1]});
            }
        }
        return out.toArray(new long[0][]);
    }

    /** Whether a window of {@code cpu} overlaps [{@code from}, {@code to}]. */
    boolean unstable(int cpu, long from, long to) {
        long[][] w = byCpu.get(cpu);
        if (w == null) {
            return false;
        }
        int lo = 0;
        int hi = w.length - 1;
        while (lo <= hi) { // the last window starting at or before `to`
            int mid = (lo + hi) >>> 1;
            if (w[mid][0] <= to) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi >= 0 && w[hi][1] >= from;
    }

    /**
     * The cause of one wrong-CPU execution. A worker that was not bound (draining, embryonic, unbound) is
     * excused when its CPU was changing at any time from the work's queuing to its end: e.g. a workqueue
     * created while the CPU came up and destroyed before {@code CPU_ONLINE} pinned its thread keeps running
     * that thread's queue unbound after the operation is over. A bound worker is only excused at its start
     * (detection window) or, when it started on its CPU, during the work (migrated mid-work).
     */
    WrongCpuCause classify(WrongExecution e) {
        int q = e.queueCpu();
        WorkerState state = e.state();
        if (state == WorkerState.MOVED_BY_TAKEOVER) {
            return WrongCpuCause.MOVED_BY_TAKEOVER;
        }
        if (state != WorkerState.BOUND) {
            return unstable(q, Math.min(e.queuedNanos(), e.startNanos()), e.endNanos())
                    ? WrongCpuCause.DRAINING_OR_UNBOUND : WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
        }
        if (e.startCpu() == q) {
            return unstable(q, e.startNanos(), e.endNanos())
                    ? WrongCpuCause.MIGRATED_MID_WORK : WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
        }
        return unstable(q, e.startNanos(), e.startNanos())
                ? WrongCpuCause.DETECTION_WINDOW : WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
    }
}
