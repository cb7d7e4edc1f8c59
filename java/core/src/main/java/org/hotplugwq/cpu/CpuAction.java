package org.hotplugwq.cpu;

/**
 * The CPU hotplug notifier actions of the 2007 kernel ({@code include/linux/notifier.h}), in the order a
 * transition produces them:
 * <pre>
 *   online:  CPU_UP_PREPARE  → (cpu comes up) → CPU_ONLINE        or → CPU_UP_CANCELED
 *   offline: CPU_DOWN_PREPARE → (cpu goes down) → CPU_DEAD        or → CPU_DOWN_FAILED
 * </pre>
 * Only {@link #CPU_UP_PREPARE} and {@link #CPU_DOWN_PREPARE} may be refused ({@link NotifyResult#BAD}).
 */
public enum CpuAction {
    /** A CPU is about to come up; may be refused ({@link NotifyResult#BAD}). */
    CPU_UP_PREPARE,
    /** The CPU is up. */
    CPU_ONLINE,
    /** The bring-up announced by {@code CPU_UP_PREPARE} failed or was refused. */
    CPU_UP_CANCELED,
    /** A CPU is about to go down; may be refused ({@link NotifyResult#BAD}). */
    CPU_DOWN_PREPARE,
    /** The take-down announced by {@code CPU_DOWN_PREPARE} failed or was refused. */
    CPU_DOWN_FAILED,
    /** The CPU is down. */
    CPU_DEAD;

    /** Whether a notifier may veto this action. */
    public boolean isPrepare() {
        return this == CPU_UP_PREPARE || this == CPU_DOWN_PREPARE;
    }

    /** The action that undoes a refused prepare: UP_PREPARE → UP_CANCELED, DOWN_PREPARE → DOWN_FAILED. */
    public CpuAction rollback() {
        switch (this) {
            case CPU_UP_PREPARE:
                return CPU_UP_CANCELED;
            case CPU_DOWN_PREPARE:
                return CPU_DOWN_FAILED;
            default:
                throw new IllegalStateException(this + " has no rollback");
        }
    }
}
