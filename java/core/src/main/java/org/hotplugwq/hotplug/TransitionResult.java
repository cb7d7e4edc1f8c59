package org.hotplugwq.hotplug;

/**
 * What a hotplug transition did: the one outcome type of a {@link HotplugController} transition and of a
 * stress machine's operation.
 *
 * @param errno the kernel's errno when {@link Outcome#KERNEL_REFUSED}, else 0
 * @param writeNanos how long the sysfs write took (0 when there was none)
 */
public record TransitionResult(int cpu, boolean online, Outcome outcome, int errno, String detail, long writeNanos) {
    public enum Outcome {
        /** the CPU changed; {@code CPU_ONLINE}/{@code CPU_DEAD} was delivered */
        DONE,
        /** the CPU was already in the requested state; nothing was sent or written */
        ALREADY,
        /** a notifier answered BAD to the prepare: the rollback was sent and nothing was written */
        VETOED,
        /** the kernel refused the write (EAGAIN/EBUSY, e.g. injected failure): rollback sent */
        KERNEL_REFUSED,
        /** the transition threw, or its change was not delivered in time */
        ERROR
    }

    public boolean changed() {
        return outcome == Outcome.DONE;
    }

    @Override
    public String toString() {
        String what = (online ? "online" : "offline") + " cpu" + cpu + ": "
                + outcome.name().toLowerCase(java.util.Locale.ROOT);
        return detail.isEmpty() ? what : what + " (" + detail + ")";
    }
}
