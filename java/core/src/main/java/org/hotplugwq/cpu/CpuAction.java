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
    CPU_UP_PREPARE,
    CPU_ONLINE,
    CPU_UP_CANCELED,
    CPU_DOWN_PREPARE,
    CPU_DOWN_FAILED,
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
