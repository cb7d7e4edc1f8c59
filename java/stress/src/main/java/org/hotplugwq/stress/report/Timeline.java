package org.hotplugwq.stress.report;

import java.util.List;
import java.util.Map;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/**
 * What report.html draws, in seconds since the start: each hotpluggable CPU's offline spans, the operations as
 * spans, the kernel's own steps ({@code --trace}), (a sample of) the wrong-CPU executions of each policy with
 * their cause, the throughput per second, the worst operations, the wrong-CPU works by time since their
 * operation's write, and the detection latency per source.
 *
 * @param offlineSpans per CPU, [from, to] where the kernel had it offline (an offline's write returned until an
 *     online's write began)
 * @param worksPerSecond per policy, executions ended in each second of the run
 * @param kernelSteps the kernel's cpuhp steps ({@code --trace}); empty when not recorded
 * @param worstOps the operations with the most wrong-CPU works (all policies), worst first
 * @param sinceWrite per policy, wrong-CPU works per {@link #SINCE_WRITE_BINS bin} of time since the write
 *     of the last operation on their queue's CPU
 * @param detection detection latency per source and policy
 */
public record Timeline(double durationS, List<Integer> cpus, Map<Integer, List<double[]>> offlineSpans,
                       List<Op> ops, Map<String, List<Point>> wrong, Map<String, long[]> worksPerSecond,
                       List<KernelStep> kernelSteps, List<WorstOp> worstOps, Map<String, long[]> sinceWrite,
                       List<Cdf> detection) {

    /**
     * Upper edges (ms) of the time-since-write bins. {@link #sinceWrite()}'s arrays have two more: first the works
     * that started before their operation's write (after a prepare), last those with no operation before them.
     */
    public static final double[] SINCE_WRITE_BINS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
        Double.POSITIVE_INFINITY};

    public Timeline {
        kernelSteps = kernelSteps == null ? List.of() : List.copyOf(kernelSteps);
    }

    /** This timeline with the kernel's steps drawn ({@code --trace}). */
    public Timeline withKernelSteps(List<KernelStep> steps) {
        return new Timeline(durationS, cpus, offlineSpans, ops, wrong, worksPerSecond, steps, worstOps, sinceWrite,
                detection);
    }

    /**
     * One operation: began (a prepare, if any, is sent), its write started, the write returned (the kernel's
     * change is complete), and every action was delivered. An operation someone else made has no write of ours:
     * all four are when it was seen.
     *
     * @param result DONE, KERNEL_REFUSED, ... ({@code TransitionResult.Outcome}), or EXTERNAL and the action
     */
    public record Op(double begin, double start, double writeEnd, double end, int cpu, boolean up, boolean injected,
                     String result) {

        public boolean external() {
            return result.startsWith("EXTERNAL");
        }

        /** "offline cpu1" */
        public String label() {
            return (up ? "online" : "offline") + " cpu" + cpu;
        }
    }

    /**
     * One wrong-CPU execution.
     *
     * @param t when it started
     * @param sinceWriteS how long after the write of the last operation on its queue's CPU it started (negative:
     *     before the write, after the prepare); NaN when no operation came before it
     */
    public record Point(double t, int queueCpu, int startCpu, int endCpu, WrongCpuCause cause, double sinceWriteS) {
    }

    /**
     * An operation and its wrong-CPU works.
     *
     * @param wrong per policy, how many of its wrong-CPU works were counted
     * @param points per policy, those works (a sample when there are many)
     */
    public record WorstOp(Op op, long total, Map<String, Long> wrong, Map<String, List<Point>> points) {
    }

    /**
     * An empirical distribution function: {@code fraction[i]} of the samples are at most {@code us[i]}.
     *
     * @param source who saw the change first ({@code uevent}, {@code poll}, ...)
     */
    public record Cdf(String source, String policy, long count, double[] us, double[] fraction) {
    }
}
