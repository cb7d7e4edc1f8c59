package org.hotplugwq.cpu;

/**
 * A thread could not be bound to (or unbound from) a CPU. On Linux the cause carries the errno; the
 * simulated platform throws it where Linux would answer {@code EINVAL} (the CPU is not online) or
 * {@code ESRCH} (no such thread).
 */
public class AffinityException extends RuntimeException {
    private final int cpu;

    public AffinityException(String message, int cpu, Throwable cause) {
        super(message, cause);
        this.cpu = cpu;
    }

    public AffinityException(String message, int cpu) {
        this(message, cpu, null);
    }

    /** The CPU the call was about, or -1 for an unbind. */
    public int cpu() {
        return cpu;
    }
}
