package org.hotplugwq.linux;

/**
 * One line of a tracefs text trace ({@code trace} or {@code trace_pipe}) that this library understands. Times are
 * the trace clock's, in nanoseconds: with clock {@code mono} they are {@link System#nanoTime()} values, truncated to
 * the microsecond the text format prints.
 */
public sealed interface TraceEvent {
    /** When the kernel logged it, in nanoseconds of the trace clock. */
    long nanos();

    /** The CPU whose buffer holds the event (where the logging code ran). */
    int traceCpu();

    /**
     * {@code sched:sched_switch}: on {@code traceCpu}, {@code prevPid} stopped running and {@code nextPid} started
     * (pid 0 is the idle task). {@code prevState} is the kernel's letter ({@code R} preempted, {@code S}, {@code D}
     * ...).
     */
    record SchedSwitch(long nanos, int traceCpu, String prevComm, int prevPid, String prevState, String nextComm,
                       int nextPid) implements TraceEvent {
    }

    /**
     * {@code cpuhp:cpuhp_enter} or {@code cpuhp_multi_enter}: a hotplug step of {@code cpu} is about to run;
     * {@code target} is the state the transition goes to, so {@code target < step} means going down.
     *
     * @param function the step's callback as the kernel names it ({@code sched_cpu_deactivate}, ...)
     */
    record CpuhpEnter(long nanos, int traceCpu, int cpu, int target, int step, String function, boolean multi)
            implements TraceEvent {
        /** Whether this step takes the CPU down (a teardown callback). */
        public boolean down() {
            return target < step;
        }
    }

    /** {@code cpuhp:cpuhp_exit}: the step returned {@code ret} (non-zero: the transition fails and rolls back). */
    record CpuhpExit(long nanos, int traceCpu, int cpu, int state, int step, int ret) implements TraceEvent {
    }

    /** A {@code trace_marker} write ({@code tracing_mark_write}). */
    record Marker(long nanos, int traceCpu, String text) implements TraceEvent {
    }
}
