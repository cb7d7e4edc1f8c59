package org.hotplugwq.stress.report;

/**
 * One step of a hotplug operation as the kernel logged it ({@code cpuhp:cpuhp_enter}/{@code cpuhp_exit} in the
 * {@code --trace} recording), for drawing on the timeline.
 *
 * @param t seconds since the run's start (the trace's clock is {@code mono}, the clock of {@code System.nanoTime})
 * @param cpu the CPU being hotplugged
 * @param step the cpuhp step's name as the kernel prints it ({@code sched_cpu_deactivate}, ...)
 */
public record KernelStep(double t, int cpu, String step) {
}
