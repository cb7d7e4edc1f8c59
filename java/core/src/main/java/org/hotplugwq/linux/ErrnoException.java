package org.hotplugwq.linux;

/**
 * A system call failed: carries the call (with its arguments, as text) and the errno, so a message reads
 * like {@code sched_setaffinity(4242, cpu 3): EINVAL (Invalid argument)}.
 */
public final class ErrnoException extends RuntimeException {
    /** The call with its arguments. */
    private final String call;
    /** The errno it set. */
    private final int errno;

    /**
     * A failed call.
     *
     * @param call  the call with its arguments, as text
     * @param errno the errno it set
     * @param cause what it came from, or null
     */
    public ErrnoException(String call, int errno, Throwable cause) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")", cause);
        this.call = call;
        this.errno = errno;
    }

    /**
     * A failed call.
     *
     * @param call  the call with its arguments, as text
     * @param errno the errno it set
     */
    public ErrnoException(String call, int errno) {
        this(call, errno, null);
    }

    /** The call that failed, with its arguments, e.g. {@code "sched_getaffinity(4242)"}. */
    public String call() {
        return call;
    }

    /**
     * The errno the call set.
     *
     * @return the errno number
     */
    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code "ESRCH"}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
