package org.hotplugwq.cpu;

/**
 * A thread could not be bound to (or unbound from) a CPU. On Linux the cause carries the errno; the
 * simulated platform throws it where Linux would answer {@code EINVAL} (the CPU is not online) or
 * {@code ESRCH} (no such thread).
 */
public class AffinityException extends RuntimeException {
    /** The CPU of the refused pin. */
    private final int cpu;

    /**
     * A refused pin of {@code cpu}, caused by {@code cause}.
     *
     * @param message what was refused, for the user
     * @param cpu     the CPU the thread was to be pinned to
     * @param cause   the failed system call, or null
     */
    public AffinityException(String message, int cpu, Throwable cause) {
        super(message, cause);
        this.cpu = cpu;
    }

    /**
     * A refused pin of {@code cpu}.
     *
     * @param message what was refused, for the user
     * @param cpu     the CPU the thread was to be pinned to
     */
    public AffinityException(String message, int cpu) {
        this(message, cpu, null);
    }

    /** The CPU the call was about, or -1 for an unbind. */
    public int cpu() {
        return cpu;
    }
}
