package org.hotplugwq.stress.trace;

import java.util.List;
import java.util.Map;

/**
 * The {@code trace} section of report.json (README, "--trace"): what was recorded, and per policy the check of every
 * execution against the kernel's scheduler and the off-CPU run time of pinned workers by kernel context.
 *
 * @param clockCheck a marker's trace time against {@code System.nanoTime()} around its write
 * @param reader the trace reader's priority ("SCHED_FIFO", or why not)
 * @param events trace events read ({@code sched_switch} + cpuhp)
 * @param overruns events the kernel dropped because the buffer was full (the check is then incomplete)
 * @param kernelTransitions hotplug transitions the kernel logged during the run
 * @param disagreements over all policies: must be 0 (an invariant)
 */
public record TraceReport(String instance, String clock, String clockCheck, String reader, int bufferKbPerCpu,
                          long events, long schedSwitches, long cpuhpEvents, long overruns, long kernelTransitions,
                          long disagreements, Map<String, PolicyTrace> policies) {

    /**
     * @param executionsChecked executions the trace covered and checked
     * @param disagreements executions whose recorded start or end CPU is none the kernel ran the worker on during it
     * @param unverifiable executions during which the trace shows the worker nowhere (lost events)
     * @param outsideTrace executions before the trace began or after it ended
     * @param pinnedWorkers per-CPU worker threads whose off-CPU time is counted
     * @param offCpuMs their run time off their CPU, by {@link OffCpuContext#key()}
     * @param examples the first disagreements, described
     */
    public record PolicyTrace(long executionsChecked, long disagreements, long unverifiable, long outsideTrace,
                              long pinnedWorkers, Map<String, Double> offCpuMs, List<String> examples) {
    }
}
