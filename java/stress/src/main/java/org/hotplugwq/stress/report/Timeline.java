package org.hotplugwq.stress.report;

import java.util.List;
import java.util.Map;
import org.hotplugwq.stress.verdict.WrongCpuCause;

/**
 * What report.html draws, in seconds since the start: each hotpluggable CPU's offline spans, the
 * operations, and (a sample of) the wrong-CPU executions of each policy with their cause.
 */
public record Timeline(double durationS, List<Integer> cpus, Map<Integer, List<double[]>> offlineSpans,
                       List<Op> ops, Map<String, List<Point>> wrong, Map<String, long[]> worksPerSecond) {

    /** @param result DONE, KERNEL_REFUSED, ... ({@code TransitionResult.Outcome}), or EXTERNAL and the action */
    public record Op(double t, int cpu, boolean up, boolean injected, String result) {
    }

    public record Point(double t, int queueCpu, int startCpu, WrongCpuCause cause) {
    }
}
