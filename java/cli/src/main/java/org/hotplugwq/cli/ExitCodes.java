package org.hotplugwq.cli;

/** Exit codes of the hotplug commands. */
final class ExitCodes {
    static final int OK = 0;
    /** the kernel refused a transition, or a restore failed */
    static final int FAILED = 1;
    /** refused before changing anything: a user error (bad CPU id, not root, read-only sysfs, …) or bad usage */
    static final int REFUSED = 2;

    private ExitCodes() {
    }
}
