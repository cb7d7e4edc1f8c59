package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.workqueue.WorkerState;

/**
 * For each CPU, two sets of windows of one policy's system.
 *
 * <p><b>Unstable</b>: the times when the CPU was not "stably online": from the start of an offline until the
 * end of the online that brought it back (offline time included), and the span of every failed or refused
 * operation. A worker that was not bound (draining, embryonic, unbound) is excused inside these.
 *
 * <p><b>Detection</b> (README, cause {@code detectionWindow}: between the real offline and our
 * {@code CPU_DEAD}): the times when a <em>bound</em> worker may legitimately be off its CPU: from the start of
 * an offline (our write; the kernel moves the CPU's threads away inside it) until this system's
 * {@code CPU_DEAD} callback returned for that offline; from the start of an online (the write) until the
 * operation's end (before {@code CPU_ONLINE} a worker is embryonic or draining anyway); the span of every
 * failed or refused operation (a modern kernel pushes pinned tasks away when it deactivates the CPU, before
 * the failure rolls back); and around changes made by someone else. After {@code CPU_DEAD} every policy has
 * unbound its worker (draining, unbound) or stopped it (takeover, drain-sync), so a bound worker off its CPU
 * then has no hotplug excuse: e.g. a core that ignores {@code CPU_DEAD}.
 *
 * <p>The worker's state is sampled after the work's start time and CPU (see {@code WorkqueueSystem.execute}):
 * a BOUND sample thus proves the start came before the callback changed the state, so closing at the
 * callback's return needs no slack.
 */
public final class HotplugWindows {
    private static final long EXTERNAL_LEAD_NANOS = 1_000_000_000L;  // an outside change: seen up to 1 s late
    private static final long EXTERNAL_TAIL_NANOS = 50_000_000L;

    private final Map<Integer, long[][]> byCpu = new HashMap<>();
    private final Map<Integer, long[][]> detectionByCpu = new HashMap<>();
    private long offlinesWithoutDead; // offlines this system got no CPU_DEAD for: closed at the operation's end

    /**
     * @param offlineAtStart CPUs already offline when the run began (unstable from the start)
     * @param graceNanos added after the end of each window
     * @param deads this system's {@code CPU_DEAD} callbacks (entered, returned), in order
     */
    public HotplugWindows(List<TransitionOutcome> ops, List<HotplugLog.Delivery> deliveries, CpuSet offlineAtStart,
                   long graceNanos, List<CallbackTimings.DeadCallback> deads) {
        Map<Integer, List<long[]>> raw = new HashMap<>();
        Map<Integer, List<long[]>> detection = new HashMap<>();
        Map<Integer, Long> openFrom = new HashMap<>();
        offlineAtStart.forEach(cpu -> openFrom.put(cpu, Long.MIN_VALUE));
        for (TransitionOutcome op : ops) {
            int cpu = op.cpu();
            List<long[]> list = raw.computeIfAbsent(cpu, c -> new ArrayList<>());
            List<long[]> det = detection.computeIfAbsent(cpu, c -> new ArrayList<>());
            if (op.changed() && !op.up()) {
                openFrom.putIfAbsent(cpu, op.beginNanos());
                det.add(new long[] {op.beginNanos(), deadReturned(op, deads) + graceNanos});
            } else if (op.changed()) {
                Long from = openFrom.remove(cpu);
                list.add(new long[] {from == null ? op.beginNanos() : from, op.endNanos() + graceNanos});
                det.add(new long[] {op.beginNanos(), op.endNanos() + graceNanos});
            } else {
                list.add(new long[] {op.beginNanos(), op.endNanos() + graceNanos});
                det.add(new long[] {op.beginNanos(), op.endNanos() + graceNanos});
            }
        }
        openFrom.forEach((cpu, from) -> raw.computeIfAbsent(cpu, c -> new ArrayList<>())
                .add(new long[] {from, Long.MAX_VALUE}));
        for (HotplugLog.Delivery d : deliveries) {
            if (d.external()) {
                long[] w = {d.observedNanos() - EXTERNAL_LEAD_NANOS, d.deliveredNanos() + EXTERNAL_TAIL_NANOS};
                raw.computeIfAbsent(d.cpu(), c -> new ArrayList<>()).add(w);
                detection.computeIfAbsent(d.cpu(), c -> new ArrayList<>()).add(w.clone());
            }
        }
        raw.forEach((cpu, list) -> byCpu.put(cpu, merge(list)));
        detection.forEach((cpu, list) -> detectionByCpu.put(cpu, merge(list)));
    }

    /**
     * When this system's {@code CPU_DEAD} for the offline {@code op} returned: the first one for its CPU
     * entered during the operation (the operation ends after every system's callback returned). Without one
     * (the run was closing), the operation's end.
     */
    private long deadReturned(TransitionOutcome op, List<CallbackTimings.DeadCallback> deads) {
        for (CallbackTimings.DeadCallback d : deads) {
            if (d.cpu() == op.cpu() && d.enteredNanos() >= op.beginNanos() && d.enteredNanos() <= op.endNanos()) {
                return d.returnedNanos();
            }
        }
        offlinesWithoutDead++;
        return op.endNanos();
    }

    /** Offlines for which this system's {@code CPU_DEAD} was not found (their window closes at the operation's end). */
    public long offlinesWithoutDead() {
        return offlinesWithoutDead;
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

    /** Whether an unstable window of {@code cpu} overlaps [{@code from}, {@code to}]. */
    boolean unstable(int cpu, long from, long to) {
        return overlaps(byCpu.get(cpu), from, to);
    }

    /** Whether a detection window of {@code cpu} overlaps [{@code from}, {@code to}]. */
    boolean detecting(int cpu, long from, long to) {
        return overlaps(detectionByCpu.get(cpu), from, to);
    }

    private static boolean overlaps(long[][] w, long from, long to) {
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
     * excused when its CPU was unstable at any time from the work's queuing to its end: e.g. a workqueue
     * created while the CPU came up and destroyed before {@code CPU_ONLINE} pinned its thread keeps running
     * that thread's queue unbound after the operation is over; so is a worker of a workqueue being destroyed,
     * which hears of no hotplug any more. A bound worker is only excused inside a
     * detection window: at its start (detection window) or, when it started on its CPU, during the work
     * (migrated mid-work).
     */
    WrongCpuCause classify(WrongExecution e) {
        int q = e.queueCpu();
        WorkerState state = e.state();
        if (state == WorkerState.MOVED_BY_TAKEOVER) {
            return WrongCpuCause.MOVED_BY_TAKEOVER;
        }
        if (state != WorkerState.BOUND || e.destroying()) {
            // destroy_workqueue() takes the workqueue off the list first (seed semantics): its workers then
            // get neither CPU_DEAD nor CPU_ONLINE and a "bound" one is as unbound as a draining one
            return unstable(q, Math.min(e.queuedNanos(), e.startNanos()), e.endNanos())
                    ? WrongCpuCause.DRAINING_OR_UNBOUND : WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
        }
        if (e.startCpu() == q) {
            return detecting(q, e.startNanos(), e.endNanos())
                    ? WrongCpuCause.MIGRATED_MID_WORK : WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
        }
        return detecting(q, e.startNanos(), e.startNanos())
                ? WrongCpuCause.DETECTION_WINDOW : WrongCpuCause.NO_HOTPLUG_IN_FLIGHT;
    }
}
