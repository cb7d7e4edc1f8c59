package org.hotplugwq.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One workqueue system's hotplug callback ({@code workqueue_cpu_callback()}); the event's duration is the
 * callback's, waits included (a {@code CPU_DEAD} under DRAIN_SYNC waits for every drain, one under TAKEOVER for
 * every worker to stop; a {@code CPU_UP_PREPARE} starts one worker per workqueue).
 */
@Name(CpuCallbackEvent.NAME)
@Label("Workqueue Hotplug Callback")
@Category({"Hotplug Workqueue", "Workqueue"})
@Description("A workqueue system's CPU hotplug callback; duration: the callback's, its waits included")
@StackTrace(false)
public final class CpuCallbackEvent extends Event {
    /** The event's name in a recording. */
    public static final String NAME = "org.hotplugwq.CpuCallback";
    private static final CpuCallbackEvent PROBE = new CpuCallbackEvent();

    @Label("Action")
    String action;

    @Label("CPU")
    int cpu;

    @Label("System")
    @Description("Which workqueue system of the process")
    String system;

    @Label("Policy")
    @Description("The system's hotplug policy: TAKEOVER, DRAIN, DRAIN_SYNC or REBIND")
    String policy;

    @Label("Workqueues")
    @Description("Multi-threaded workqueues the callback went through")
    int workqueues;

    @Label("Result")
    String result;

    /**
     * Starts timing a callback, or does nothing when no recording wants this event.
     *
     * @return the started event, or null when disabled
     */
    public static CpuCallbackEvent start() {
        if (!PROBE.isEnabled()) {
            return null;
        }
        CpuCallbackEvent e = new CpuCallbackEvent();
        e.begin();
        return e;
    }

    /**
     * Ends and commits {@code event} from {@link #start()}; does nothing when it is null.
     *
     * @param event      what {@link #start()} returned
     * @param action     the action's name
     * @param cpu        the CPU
     * @param system     the system's name
     * @param policy     the system's policy
     * @param workqueues how many multi-threaded workqueues the system had
     * @param result     the callback's answer
     */
    public static void finish(CpuCallbackEvent event, String action, int cpu, String system, String policy,
                           int workqueues, String result) {
        if (event == null) {
            return;
        }
        event.end();
        if (event.shouldCommit()) {
            event.action = action;
            event.cpu = cpu;
            event.system = system;
            event.policy = policy;
            event.workqueues = workqueues;
            event.result = result;
            event.commit();
        }
    }
}
