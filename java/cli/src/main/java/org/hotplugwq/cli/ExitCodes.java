package org.hotplugwq.cli;

/** Exit codes of every command (README, Command line). */
final class ExitCodes {
    static final int OK = 0;
    /** an operation failed after a change: the kernel refused a transition, a restore failed, an invariant broke */
    static final int FAILED = 1;
    /** refused before changing anything: a user error (bad CPU id, not root, read-only sysfs, …) or bad usage */
    static final int REFUSED = 2;

    private ExitCodes() {
    }
}
