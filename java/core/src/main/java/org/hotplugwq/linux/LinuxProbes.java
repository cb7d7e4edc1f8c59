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

    /**
     * Is {@code path} (e.g. the sysfs CPU root) on a read-write mount? The mount is the one that really holds it:
     * the longest mount point above it in {@code /proc/self/mountinfo}, so that a read-only bind mount of
     * {@code /sys/devices/system/cpu} alone is seen (the JDK's file store looks at {@code /sys}'s mount only).
     */
    public static Probe writableFileSystem(Path path) {
        try {
            Path real = path.toRealPath();
            Path mountinfo = Path.of("/proc/self/mountinfo");
            if (Files.isReadable(mountinfo)) {
                String point = readOnlyMountOf(Files.readString(mountinfo), real.toString());
                if (point != null) {
                    return point.isEmpty() ? new Probe(true, path + " is on a read-write mount")
                            : new Probe(false, path + " is on a read-only mount (" + point + ")");
                }
            }
            boolean ro = Files.getFileStore(real).isReadOnly();
            return new Probe(!ro, ro ? path + " is on a read-only mount" : path + " is on a read-write mount");
        } catch (IOException e) {
            return new Probe(false, "cannot inspect " + path + ": " + e.getMessage());
        }
    }

    /**
     * The mount point of the read-only mount holding {@code path}, "" when that mount is read-write, null when
     * no mount in {@code mountinfo} (the text of {@code /proc/self/mountinfo}) holds it. Of mounts stacked on one
     * point the last listed is the one seen.
     */
    static String readOnlyMountOf(String mountinfo, String path) {
        String best = null;
        boolean bestRo = false;
        for (String line : mountinfo.split("\n")) {
            String[] f = line.trim().split(" ");
            int sep = java.util.Arrays.asList(f).indexOf("-");
            if (f.length < 6 || sep < 6 || f.length < sep + 4) {
                continue;
            }
            String point = unescape(f[4]);
            boolean holds = point.equals("/") || path.equals(point) || path.startsWith(point + "/");
            if (holds && (best == null || point.length() >= best.length())) {
                best = point;
                bestRo = hasOption(f[5], "ro") || hasOption(f[sep + 3], "ro");
            }
        }
        return best == null ? null : bestRo ? best : "";
    }

    private static boolean hasOption(String options, String option) {
        return java.util.Arrays.asList(options.split(",")).contains(option);
    }

    /** mountinfo escapes space, tab, newline and backslash as {@code \ooo}. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Does this process run in the initial user namespace? In another one (a rootless container, {@code unshare
     * -U}), a network namespace it made has no CPU uevents: the kernel sends them only to network namespaces
     * owned by the initial user namespace, so a uevent socket opens there and hears nothing.
     */
    public static Probe initialUserNamespace() {
        try {
            String map = Files.readString(Path.of("/proc/self/uid_map")).trim().replaceAll("\\s+", " ");
            boolean initial = map.equals("0 0 4294967295");
            return new Probe(initial, initial ? "the initial user namespace"
                    : "a user namespace of its own (uid_map " + map + ")");
        } catch (IOException e) {
            return new Probe(true, "cannot read /proc/self/uid_map: " + e.getMessage());
        }
    }
}
