package org.hotplugwq.hotplug;

/**
 * A hotplug request refused before anything was changed. {@link #getMessage()} is one line meant for the
 * user, e.g. {@code "cpu0: not hotpluggable (no /sys/devices/system/cpu/cpu0/online)"}.
 */
public final class HotplugRefusedException extends Exception {
    /** Why a request was refused. */
    public enum Reason {
        MALFORMED_ID, OUT_OF_RANGE, NOT_PRESENT, NOT_HOTPLUGGABLE, LAST_ONLINE_CPU, PERMISSION_DENIED,
        READ_ONLY_SYSFS,
        /** the process is exiting: its shutdown hook is bringing back the CPUs it offlined */
        EXITING
    }

    /** Why it was refused. */
    private final Reason reason;

    /**
     * A refusal.
     *
     * @param reason  why
     * @param message one line for the user
     */
    public HotplugRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Why it was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
