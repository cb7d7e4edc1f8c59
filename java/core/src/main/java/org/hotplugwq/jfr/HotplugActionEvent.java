package org.hotplugwq.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One CPU hotplug action delivered by the hotplug bridge to its notifier chain; the event's duration is the chain's
 * (every notifier's callback, one after the other).
 */
@Name(HotplugActionEvent.NAME)
@Label("Hotplug Action")
@Category({"Hotplug Workqueue", "Hotplug"})
@Description("A CPU hotplug action delivered to the notifier chain; duration: the chain's callbacks")
@StackTrace(false)
public final class HotplugActionEvent extends Event {
    /** The event's name in a recording. */
    public static final String NAME = "org.hotplugwq.HotplugAction";
    private static final HotplugActionEvent PROBE = new HotplugActionEvent(); // isEnabled() reads class state only

    @Label("Action")
    @Description("CPU_UP_PREPARE, CPU_ONLINE, CPU_DOWN_PREPARE, CPU_DEAD, CPU_UP_CANCELED or CPU_DOWN_FAILED")
    String action;

    @Label("CPU")
    int cpu;

    @Label("Source")
    @Description("Who saw the change: UEVENT, POLL, RESYNC or CONTROLLER (this process's own transition)")
    String source;

    @Label("Detection Latency")
    @Description("From the source seeing the change (for our own transitions: the sysfs write returning) to the"
            + " first notifier called")
    @Timespan(Timespan.NANOSECONDS)
    long detectionLatency;

    @Label("Result")
    @Description("The chain's answer: OK, or BAD when a notifier refused a prepare action")
    String result;

    @Label("Notifiers")
    int notifiers;

    /**
     * Starts timing a delivery, or does nothing when no recording wants this event.
     *
     * @param notifiers how many notifiers the chain has
     * @return the started event, or null when disabled
     */
    public static HotplugActionEvent start(int notifiers) {
        if (!PROBE.isEnabled()) {
            return null;
        }
        HotplugActionEvent e = new HotplugActionEvent();
        e.notifiers = notifiers;
        e.begin();
        return e;
    }

    /**
     * Ends and commits {@code event} from {@link #start(int)}; does nothing when it is null.
     *
     * @param event       what {@link #start(int)} returned
     * @param action      the action's name
     * @param cpu         the CPU
     * @param source      who saw the change
     * @param latencyNanos from the sighting to the delivery, in nanoseconds
     * @param result      the chain's answer
     */
    public static void finish(HotplugActionEvent event, String action, int cpu, String source, long latencyNanos,
                           String result) {
        if (event == null) {
            return;
        }
        event.end();
        if (event.shouldCommit()) {
            event.action = action;
            event.cpu = cpu;
            event.source = source;
            event.detectionLatency = latencyNanos;
            event.result = result;
            event.commit();
        }
    }
}
