package org.hotplugwq.linux;

/**
 * A system call failed: carries the call (with its arguments, as text) and the errno, so a message reads
 * like {@code sched_setaffinity(4242, cpu 3): EINVAL (Invalid argument)}.
 */
public final class ErrnoException extends RuntimeException {
    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno, Throwable cause) {
        super(call + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")", cause);
        this.call = call;
        this.errno = errno;
    }

    public ErrnoException(String call, int errno) {
        this(call, errno, null);
    }

    /** The call that failed, with its arguments, e.g. {@code "sched_getaffinity(4242)"}. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }

    /** The symbolic errno name, e.g. {@code "ESRCH"}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
