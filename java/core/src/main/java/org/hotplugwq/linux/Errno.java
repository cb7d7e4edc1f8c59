package org.hotplugwq.linux;

import java.util.Map;

/**
 * Linux errno numbers and names: the one errno table of this library (x86-64 and aarch64 both use the
 * asm-generic values). {@link #description} is glibc's {@code strerror} text in the C locale, so messages read
 * the same whether they come from a system call of ours or from the kernel's answer to a sysfs write.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;
    public static final int ECANCELED = 125;

    private static final Map<Integer, String[]> NAMES = Map.ofEntries(
            entry(EPERM, "EPERM", "Operation not permitted"),
            entry(ENOENT, "ENOENT", "No such file or directory"),
            entry(ESRCH, "ESRCH", "No such process"),
            entry(EINTR, "EINTR", "Interrupted system call"),
            entry(EIO, "EIO", "Input/output error"),
            entry(EBADF, "EBADF", "Bad file descriptor"),
            entry(EAGAIN, "EAGAIN", "Resource temporarily unavailable"),
            entry(ENOMEM, "ENOMEM", "Cannot allocate memory"),
            entry(EACCES, "EACCES", "Permission denied"),
            entry(EFAULT, "EFAULT", "Bad address"),
            entry(EBUSY, "EBUSY", "Device or resource busy"),
            entry(EEXIST, "EEXIST", "File exists"),
            entry(ENODEV, "ENODEV", "No such device"),
            entry(EINVAL, "EINVAL", "Invalid argument"),
            entry(ENFILE, "ENFILE", "Too many open files in system"),
            entry(EMFILE, "EMFILE", "Too many open files"),
            entry(EROFS, "EROFS", "Read-only file system"),
            entry(ERANGE, "ERANGE", "Numerical result out of range"),
            entry(ENOSYS, "ENOSYS", "Function not implemented"),
            entry(EPROTONOSUPPORT, "EPROTONOSUPPORT", "Protocol not supported"),
            entry(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported"),
            entry(EAFNOSUPPORT, "EAFNOSUPPORT", "Address family not supported by protocol"),
            entry(ENOBUFS, "ENOBUFS", "No buffer space available"),
            entry(ETIMEDOUT, "ETIMEDOUT", "Connection timed out"),
            entry(ECANCELED, "ECANCELED", "Operation canceled"));

    private Errno() {
    }

    private static Map.Entry<Integer, String[]> entry(int errno, String name, String text) {
        return Map.entry(errno, new String[] {name, text});
    }

    /** The symbolic name, e.g. {@code "EINVAL"}, or {@code "errno 123"} for one we do not know. */
    public static String name(int errno) {
        String[] n = NAMES.get(errno);
        return n == null ? "errno " + errno : n[0];
    }

    /** The C library's text for it (as {@code strerror} in the C locale), or {@code "Unknown error N"}. */
    public static String description(int errno) {
        String[] n = NAMES.get(errno);
        return n == null ? "Unknown error " + errno : n[1];
    }
}
