package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small yes/no questions about this host, asked by {@code hotplugwq info} and by tools choosing a mode. */
public final class LinuxProbes {

    /** An answer with the reason behind it, fit for one line of a report. */
    public record Probe(boolean available, String detail) {
    }

    private LinuxProbes() {
    }

    /** Effective uid 0. */
    public static boolean isRoot() {
        return LibC.geteuid() == 0;
    }

    /**
     * Can this process open a {@code NETLINK_KOBJECT_UEVENT} socket (the kernel's hotplug uevents)? Opens one
     * and closes it at once; containers without a network namespace of their own may refuse it.
     */
    public static Probe ueventSocket() {
        if (LinuxArch.current().isEmpty()) {
            return new Probe(false, "not Linux on x86-64/aarch64");
        }
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_KOBJECT_UEVENT);
        } catch (LastErrorException e) {
            ErrnoException err = new ErrnoException("socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT)",
                    e.getErrorCode(), e);
            return new Probe(false, err.getMessage());
        }
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // the probe answered already; a failing close of a fresh fd changes nothing
        }
        return new Probe(true, "NETLINK_KOBJECT_UEVENT socket opened");
    }

    /** Is the file system holding {@code path} (e.g. the sysfs CPU root) mounted read-write? */
    public static Probe writableFileSystem(Path path) {
        try {
            boolean ro = Files.getFileStore(path).isReadOnly();
            return new Probe(!ro, ro ? path + " is on a read-only mount" : path + " is on a read-write mount");
        } catch (IOException e) {
            return new Probe(false, "cannot inspect " + path + ": " + e.getMessage());
        }
    }
}
