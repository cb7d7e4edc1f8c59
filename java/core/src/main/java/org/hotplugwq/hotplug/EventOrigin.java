package org.hotplugwq.hotplug;

/** Who saw a transition first: the bridge delivers each transition once, credited to its first observer. */
public enum EventOrigin {
    /** {@link SysfsPoller} reading every {@code cpuN/online} */
    POLL,
    /** {@link SysfsPoller} in aggregate mode: the {@code online} list, then the changed {@code cpuN/online} */
    POLL_AGGREGATE,
    /** {@link UeventListener}: a netlink {@code ACTION=online|offline} message */
    UEVENT,
    /** the uevent listener's slow periodic re-read (catches writes to {@code cpuN/hotplug/target}) */
    RESYNC,
    /** {@link TraceEventSource}: the kernel's own cpuhp steps, read from a private tracefs instance */
    TRACE,
    /** {@link HotplugController}: our own hotplug, announced before and after the write */
    CONTROLLER;

    /**
     * The origin's name in reports.
     *
     * @return e.g. {@code "poll-aggregate"}
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
