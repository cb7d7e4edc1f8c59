package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The writing half of {@link CpuSysfs}: {@code cpuN/online} (the real hotplug operation) and
 * {@code cpuN/hotplug/fail} (fault injection), each one {@code open/write/close} through {@link LibC} so that
 * the kernel's answer is known exactly (EAGAIN/EBUSY from a failed transition, EROFS, EACCES) instead of being
 * guessed from a java.io exception message.
 */
public final class CpuSysfsWriter {
    private final CpuSysfs sysfs;

    public CpuSysfsWriter(CpuSysfs sysfs) {
        this.sysfs = sysfs;
    }

    /** The tree this writes, for reading it back. */
    public CpuSysfs sysfs() {
        return sysfs;
    }

    /** Writes 1 or 0 to {@code cpuN/online}: the real hotplug operation (blocks ~20 ms on real sysfs). */
    public void writeCpuOnline(int cpu, boolean online) throws SysfsWriteException {
        write(sysfs.onlineFile(cpu), online ? "1" : "0");
    }

    /** Writes {@code cpuN/hotplug/fail}: the state whose callback is made to fail, -1 for none. */
    public void writeHotplugFail(int cpu, int state) throws SysfsWriteException {
        write(sysfs.hotplugFailFile(cpu), Integer.toString(state));
    }

    /**
     * Checks, without writing, that this process may write {@code path}: {@code faccessat(W_OK,
     * AT_EACCESS)} reports EACCES when we lack permission and EROFS when sysfs is mounted read-only.
     *
     * @return 0 when writable, else the errno
     */
    public static int writeAccessErrno(Path path) {
        try {
            LibC.faccessat(LibC.AT_FDCWD, path.toString(), LibC.W_OK, LibC.AT_EACCESS);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /** One {@code open/write/close}, as {@code echo value > path} does, keeping the exact errno. */
    public static void write(Path path, String value) throws SysfsWriteException {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        int fd;
        try {
            fd = LibC.open(path.toString(), LibC.O_WRONLY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new SysfsWriteException(path, value, e.getErrorCode());
        }
        try {
            long n = LibC.write(fd, bytes, bytes.length);
            if (n != bytes.length) {
                throw new SysfsWriteException(path, value, Errno.EIO, "short write of " + n + " bytes");
            }
        } catch (LastErrorException e) {
            throw new SysfsWriteException(path, value, e.getErrorCode());
        } finally {
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // close of a sysfs fd after write cannot lose data; the write's own result is what counts
            }
        }
    }

    @Override
    public String toString() {
        return "sysfs writer " + sysfs.root();
    }
}
