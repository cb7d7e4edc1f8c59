package org.hotplugwq.hotplug;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;

/**
 * The CPU part of sysfs as CPU hotplug uses it, {@code /sys/devices/system/cpu} by default. The root is
 * configurable so that tests (and containers with a bind-mounted copy) can point it at a fake tree of plain files.
 *
 * <p>The topology reads (the {@code online}, {@code present}, {@code possible} lists, the per-CPU file paths,
 * whether a CPU has an {@code online} file) are those of the {@link CpuSysfs} over the same root; this class adds
 * what hotplug needs on top: {@code kernel_max}, a tolerant read of {@code cpuN/online} for pollers,
 * {@code hotplug/states}, {@code cpuN/hotplug/fail}, and the writes, with their exact errno.
 */
public final class SysfsCpuTree {
    public static final Path DEFAULT_ROOT = CpuSysfs.DEFAULT_ROOT;

    /** What one {@code cpuN/online} file says. */
    public enum OnlineFile {
        ONLINE, OFFLINE,
        /** no {@code online} file: the CPU cannot be hot-unplugged and counts as always online */
        ABSENT,
        /** unreadable or not "0"/"1": the caller keeps its previous belief */
        MALFORMED;

        public boolean isOnline() {
            return this == ONLINE || this == ABSENT;
        }
    }

    private final CpuSysfs sysfs;

    public SysfsCpuTree(Path root) {
        this(new CpuSysfs(root));
    }

    public SysfsCpuTree(CpuSysfs sysfs) {
        this.sysfs = sysfs;
    }

    public static SysfsCpuTree system() {
        return new SysfsCpuTree(CpuSysfs.system());
    }

    /** The topology reader of the same tree. */
    public CpuSysfs sysfs() {
        return sysfs;
    }

    public Path root() {
        return sysfs.root();
    }

    public Path cpuDir(int cpu) {
        return sysfs.cpuDir(cpu);
    }

    public Path onlineFile(int cpu) {
        return sysfs.onlineFile(cpu);
    }

    public Path failFile(int cpu) {
        return sysfs.hotplugFailFile(cpu);
    }

    public CpuSet onlineCpus() {
        return sysfs.online();
    }

    public CpuSet presentCpus() {
        return sysfs.present();
    }

    public CpuSet possibleCpus() {
        return sysfs.possible();
    }

    /** {@code kernel_max}: the highest CPU number this kernel supports, if the file exists. */
    public OptionalInt kernelMax() {
        return readText(root().resolve("kernel_max")).flatMap(SysfsCpuTree::parseInt)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /**
     * Reads a list file ({@code online}, {@code present}, ...): {@link CpuSysfs#readList(String)}.
     *
     * @throws UncheckedIOException when missing or unreadable
     * @throws IllegalArgumentException when malformed
     */
    public CpuSet readList(String name) {
        return sysfs.readList(name);
    }

    /** Like {@link #readList} but empty instead of an exception (for pollers that must keep going). */
    public Optional<CpuSet> tryReadList(String name) {
        try {
            return Optional.of(readList(name));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code cpuN/online} as {@link CpuSysfs#readOnlineFile} reads it, but never an exception. */
    public OnlineFile readCpuOnline(int cpu) {
        Optional<Boolean> online;
        try {
            online = sysfs.readOnlineFile(cpu);
        } catch (UncheckedIOException | IllegalStateException e) {
            return OnlineFile.MALFORMED;
        }
        if (online.isEmpty()) {
            return Files.isDirectory(cpuDir(cpu)) ? OnlineFile.ABSENT : OnlineFile.MALFORMED;
        }
        return online.get() ? OnlineFile.ONLINE : OnlineFile.OFFLINE;
    }

    /** Whether the CPU has an {@code online} file, i.e. can be taken offline at all. */
    public boolean isHotpluggable(int cpu) {
        return sysfs.hasOnlineFile(cpu);
    }

    /** {@code /sys/devices/system/cpu/hotplug/states}; empty when the kernel has no such file. */
    public List<HotplugState> hotplugStates() {
        List<HotplugState> states = new ArrayList<>();
        Optional<String> text = readText(root().resolve("hotplug").resolve("states"));
        for (String line : text.orElse("").split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            Optional<Integer> n = parseInt(line.substring(0, colon));
            n.ifPresent(num -> states.add(new HotplugState(num, line.substring(colon + 1).strip())));
        }
        return states;
    }

    /** The state number whose name is {@code name} (e.g. {@code "workqueue:prepare"}), if this kernel has it. */
    public OptionalInt hotplugStateNumber(String name) {
        return hotplugStates().stream().filter(s -> s.name().equals(name))
                .mapToInt(HotplugState::number).findFirst();
    }

    /** {@code cpuN/hotplug/fail}: the injected failure state, -1 when none. */
    public OptionalInt readFail(int cpu) {
        return readText(failFile(cpu)).flatMap(SysfsCpuTree::parseInt)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    public void writeFail(int cpu, int state) throws SysfsWriteException {
        write(failFile(cpu), Integer.toString(state));
    }

    /** Writes 1 or 0 to {@code cpuN/online}: the real hotplug operation (blocks ~20 ms on real sysfs). */
    public void writeCpuOnline(int cpu, boolean online) throws SysfsWriteException {
        write(onlineFile(cpu), online ? "1" : "0");
    }

    /**
     * Checks, without writing, that this process may write {@code path}: {@code faccessat(W_OK,
     * AT_EACCESS)} reports EACCES when we lack permission and EROFS when sysfs is mounted read-only.
     *
     * @return 0 when writable, else the errno
     */
    public int writeAccessErrno(Path path) {
        try {
            Libc.C.faccessat(Libc.AT_FDCWD, path.toString(), Libc.W_OK, Libc.AT_EACCESS);
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
            fd = Libc.C.open(path.toString(), Libc.O_WRONLY | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new SysfsWriteException(path, value, e.getErrorCode(), Libc.C.strerror(e.getErrorCode()));
        }
        try {
            long n = Libc.C.write(fd, bytes, new NativeLong(bytes.length)).longValue();
            if (n != bytes.length) {
                throw new SysfsWriteException(path, value, Libc.EIO, "short write of " + n + " bytes");
            }
        } catch (LastErrorException e) {
            throw new SysfsWriteException(path, value, e.getErrorCode(), Libc.C.strerror(e.getErrorCode()));
        } finally {
            try {
                Libc.C.close(fd);
            } catch (LastErrorException ignored) {
                // close of a sysfs fd after write cannot lose data; the write's own result is what counts
            }
        }
    }

    private static Optional<String> readText(Path p) {
        try {
            return Optional.of(Files.readString(p, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
