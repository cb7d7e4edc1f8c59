package org.hotplugwq.stress.trace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The check after the run, for one policy: each execution's recorded start and end CPU against the CPUs the kernel
 * ran that worker on, and the off-CPU run time of its pinned workers. The worker reads each CPU just before the
 * clock read it goes with (the core's one-read-per-boundary sample), so a CPU must be one the kernel ran the thread
 * on during the execution, or the one of the run interval just before the stamp's (a switch-out between the two
 * reads moves the thread before the stamp is taken). The trace's microsecond truncation is allowed for.
 */
final class TraceCheck {
    static final int MAX_EXAMPLES = 5;
    /** Trace times are truncated to the microsecond: a window is widened by this on each side. */
    static final long SLACK_NANOS = 2_000;

    private TraceCheck() {
    }

    static TraceReport.PolicyTrace check(ExecutionTape tape, WorkerRoster roster, RunIntervals runs,
                                         ContextTimeline contexts, long fromNanos, long toNanos) {
        long[] counts = new long[4]; // checked, disagreements, unverifiable, outside
        List<String> examples = new ArrayList<>();
        tape.forEach(x -> {
            if (x.startNanos() < fromNanos || x.endNanos() > toNanos) {
                counts[3]++;
                return;
            }
            RunIntervals.Runs r = runs.of(x.tid());
            TreeSet<Integer> cpus = r == null ? new TreeSet<>() : cpusDuring(r, x.startNanos() - SLACK_NANOS,
                    x.endNanos() + SLACK_NANOS);
            if (cpus.isEmpty()) {
                counts[2]++;
                return;
            }
            counts[0]++;
            if (!readAt(r, cpus, x.startCpu(), x.startNanos()) || !readAt(r, cpus, x.endCpu(), x.endNanos())) {
                counts[1]++;
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add("tid " + x.tid() + " at " + x.startNanos() + ".." + x.endNanos() + " ns: recorded cpu"
                            + x.startCpu() + "->cpu" + x.endCpu() + ", the kernel ran it on " + cpus);
                }
            }
        });
        EnumMap<OffCpuContext, Long> off = new EnumMap<>(OffCpuContext.class);
        long pinned = 0;
        for (WorkerRoster.WorkerThread w : roster.workers()) {
            RunIntervals.Runs r = runs.of(w.tid());
            if (w.singleThreaded() || r == null) {
                continue;
            }
            pinned++;
            for (int i = 0; i < r.size; i++) {
                long s = Math.max(r.start[i], w.startedNanos());
                if (r.cpu[i] != w.cpu() && r.end[i] > s) {
                    EnumMap<OffCpuContext, Long> one = new EnumMap<>(OffCpuContext.class);
                    contexts.split(w.cpu(), s, r.end[i], one);
                    one.forEach((c, n) -> off.merge(c, n, Long::sum));
                    if (one.containsKey(OffCpuContext.REPINNED_IDLE) && examples.size() < 2 * MAX_EXAMPLES) {
                        examples.add("re-pinned, nothing in flight: " + w.workqueue() + "/" + w.cpu() + " tid "
                                + w.tid() + " ran on cpu" + r.cpu[i] + " " + (s - fromNanos) / 1000 + ".."
                                + (r.end[i] - fromNanos) / 1000 + " us after the trace began");
                    }
                }
            }
        }
        Map<String, Double> offMs = new LinkedHashMap<>();
        for (OffCpuContext c : OffCpuContext.values()) {
            offMs.put(c.key(), Math.round(off.getOrDefault(c, 0L) / 1e3) / 1e3);
        }
        return new TraceReport.PolicyTrace(counts[0], counts[1], counts[2], counts[3], pinned, offMs,
                List.copyOf(examples));
    }

    /** The CPUs {@code r} ran on at some time in {@code [from, to]}. */
    /**
     * Whether {@code cpu}, read just before the clock gave {@code stampNanos}, is one the kernel had the thread on:
     * during the execution ({@code during}), or in the run interval just before the one the stamp falls in: the
     * thread was switched out between the two reads (preempted, or held at a JVM safepoint, which may take
     * milliseconds under load), so no bound on the switch-in → stamp gap is sound.
     */
    static boolean readAt(RunIntervals.Runs r, TreeSet<Integer> during, int cpu, long stampNanos) {
        if (during.contains(cpu)) {
            return true;
        }
        int i = r.firstEndingFrom(stampNanos - SLACK_NANOS);
        return i > 0 && i < r.size && r.cpu[i - 1] == cpu && r.start[i] <= stampNanos + SLACK_NANOS;
    }

    static TreeSet<Integer> cpusDuring(RunIntervals.Runs r, long from, long to) {
        TreeSet<Integer> out = new TreeSet<>();
        for (int i = r.firstEndingFrom(from); i < r.size && r.start[i] <= to; i++) {
            out.add(r.cpu[i]);
        }
        return out;
    }
}
