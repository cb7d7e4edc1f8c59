package org.hotplugwq.linux;

import java.io.IOException;
import java.nio.file.Path;

/** A write to a sysfs file failed; {@link #errno()} is the kernel's answer (EAGAIN, EBUSY, EROFS, ...). */
public final class SysfsWriteException extends IOException {
    private final Path path;
    private final int errno;

    public SysfsWriteException(Path path, String value, int errno, String reason) {
        super("write \"" + value + "\" to " + path + ": " + reason + " (errno " + errno + ")");
        this.path = path;
        this.errno = errno;
    }

    /** The reason is the errno's own text. */
    public SysfsWriteException(Path path, String value, int errno) {
        this(path, value, errno, Errno.description(errno));
    }

    public Path path() {
        return path;
    }

    public int errno() {
        return errno;
    }

    /** EACCES/EPERM: not root, or the file is not writable by us. */
    public boolean isPermissionDenied() {
        return errno == Errno.EACCES || errno == Errno.EPERM;
    }

    /** EROFS: sysfs is mounted read-only (typical in containers). */
    public boolean isReadOnlyFileSystem() {
        return errno == Errno.EROFS;
    }
}
