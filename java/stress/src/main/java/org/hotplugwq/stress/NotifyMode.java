package org.hotplugwq.stress;

/**
 * How the real machine's workqueue systems hear of a hotplug operation the run itself makes (README, "Notify
 * modes"). Operations made by anyone else are always observed.
 */
public enum NotifyMode {
    /** A plain write to {@code cpuN/online}, seen later by the event source (uevent or poll), as for any user. */
    OBSERVED("observed"),
    /**
     * Through the controller: {@code CPU_DOWN_PREPARE} before the write, {@code CPU_DEAD}/{@code CPU_ONLINE} the
     * moment it returns (as close to the kernel's own notifier timing as user space gets).
     */
    SYNCHRONOUS("synchronous");

    private final String cliName;

    NotifyMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }
}
