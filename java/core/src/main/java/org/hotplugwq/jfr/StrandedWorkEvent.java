package org.hotplugwq.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A work queued on a CPU's queue that had no worker (its CPU dead, or not yet prepared): it waits there until the
 * CPU comes back or the workqueue is destroyed (README, "What it measures").
 */
@Name(StrandedWorkEvent.NAME)
@Label("Stranded Work")
@Category({"Hotplug Workqueue", "Workqueue"})
@Description("A work queued where no worker was: it waits for its CPU to come back")
@StackTrace(true)
public final class StrandedWorkEvent extends Event {
    /** The event's name in a recording. */
    public static final String NAME = "org.hotplugwq.StrandedWork";

    @Label("Workqueue")
    String workqueue;

    @Label("Queue CPU")
    int queueCpu;

    /**
     * Commits one event if a recording wants it (stranding is rare: the check is not on the common path).
     *
     * @param workqueue the workqueue's name
     * @param queueCpu  the CPU of the queue without a worker
     */
    public static void emit(String workqueue, int queueCpu) {
        StrandedWorkEvent e = new StrandedWorkEvent();
        if (e.shouldCommit()) {
            e.workqueue = workqueue;
            e.queueCpu = queueCpu;
            e.commit();
        }
    }
}
