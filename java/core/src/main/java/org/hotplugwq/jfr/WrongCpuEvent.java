package org.hotplugwq.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A work of a per-CPU workqueue that started or ended on another CPU than its queue's: the price of the 2007 rework
 * (README, "What it measures"). Single-threaded workqueues, unbound by design, send none.
 */
@Name(WrongCpuEvent.NAME)
@Label("Work On Wrong CPU")
@Category({"Hotplug Workqueue", "Workqueue"})
@Description("A work that started or ended off its queue's CPU")
@StackTrace(false)
public final class WrongCpuEvent extends Event {
    /** The event's name in a recording. */
    public static final String NAME = "org.hotplugwq.WrongCpu";
    private static final WrongCpuEvent PROBE = new WrongCpuEvent();

    @Label("Workqueue")
    String workqueue;

    @Label("Queue CPU")
    int queueCpu;

    @Label("Start CPU")
    int startCpu;

    @Label("End CPU")
    int endCpu;

    @Label("Cause")
    @Description("The worker's state when the work started, as the core knows it: DRAINING (after CPU_DEAD),"
            + " UNBOUND (REBIND, or a failed bind), EMBRYONIC (before CPU_ONLINE), MOVED_BY_TAKEOVER, or BOUND"
            + " (the CPU went away before the callback ran: the detection window, or migrated mid-work)")
    String cause;

    @Label("Stranded")
    @Description("Queued while its queue had no worker")
    boolean stranded;

    @Label("Run Time")
    @Timespan(Timespan.NANOSECONDS)
    long runTime;

    /**
     * Whether a recording wants this event: one flag read, no allocation.
     *
     * @return true while a recording has it enabled
     */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }

    /**
     * Commits one event (the caller has found the CPUs to differ).
     *
     * @param workqueue    the workqueue's name
     * @param queueCpu     the CPU of the queue the work was on
     * @param startCpu     the CPU it started on
     * @param endCpu       the CPU it ended on
     * @param cause        the worker's state when it started
     * @param stranded     whether it was queued while its queue had no worker
     * @param runTimeNanos how long its function ran
     */
    public static void emit(String workqueue, int queueCpu, int startCpu, int endCpu, String cause,
                              boolean stranded, long runTimeNanos) {
        WrongCpuEvent e = new WrongCpuEvent();
        if (e.shouldCommit()) {
            e.workqueue = workqueue;
            e.queueCpu = queueCpu;
            e.startCpu = startCpu;
            e.endCpu = endCpu;
            e.cause = cause;
            e.stranded = stranded;
            e.runTime = runTimeNanos;
            e.commit();
        }
    }
}
