package org.hotplugwq.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotplugwq.cpu.CpuSet;

/**
 * Reads the kernel's CPU files under a root directory, {@code /sys/devices/system/cpu} by default; tests (and
 * containers with a bind-mounted copy) point it at a tree of plain files. Every call reads the files afresh (no
 * caching): the online state is what a hotplug poller watches. Its writing half is {@link CpuSysfsWriter}.
 *
 * <p>{@code possible}, {@code present} and {@code online} must exist; {@code offline} and {@code isolated}
 * read as empty when absent (older kernels, trimmed trees). The {@code try}/tolerant reads
 * ({@link #tryReadList}, {@link #readCpuOnline}, {@link #kernelMax}, {@link #hotplugStates}) never throw: they
 * serve pollers and refusal checks that must keep going.
 */
public final class CpuSysfs {
    public static final Path DEFAULT_ROOT = Path.of("/sys/devices/system/cpu");
    private static final Pattern CPU_DIR = Pattern.compile("cpu(\\d+)");

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

    private final Path root;

    public CpuSysfs(Path root) {
        this.root = root;
    }

    /** The real tree. */
    public static CpuSysfs system() {
        return new CpuSysfs(DEFAULT_ROOT);
    }

    public Path root() {
        return root;
    }

    /** {@code cpu_possible_mask}. */
    public CpuSet possible() {
        return readList("possible", true);
    }

    /** {@code cpu_present_mask}. */
    public CpuSet present() {
        return readList("present", true);
    }

    /** {@code cpu_online_mask}. */
    public CpuSet online() {
        return readList("online", true);
    }

    /** Present but offline CPUs (the kernel prints possible ∖ online). */
    public CpuSet offline() {
        return readList("offline", false);
    }

    /** CPUs kept away from the scheduler ({@code isolcpus=}). */
    public CpuSet isolated() {
        return readList("isolated", false);
    }

    /** {@code cpuN/online}: the per-CPU switch; absent for CPUs that cannot be offlined (often cpu0). */
    public Path onlineFile(int cpu) {
        return cpuDir(cpu).resolve("online");
    }

    /** {@code cpuN/hotplug/fail}: the fault-injection knob (CONFIG_CPU_HOTPLUG_STATE_CONTROL). */
    public Path hotplugFailFile(int cpu) {
        return cpuDir(cpu).resolve("hotplug").resolve("fail");
    }

    /** {@code cpuN}; a CPU number the kernel does not have (even a negative one) names a directory that is absent. */
    public Path cpuDir(int cpu) {
        return root.resolve("cpu" + cpu);
    }

    /**
     * Whether {@code cpu} has an {@code online} file, i.e. the kernel can take it offline at all (whether
     * <em>we</em> may is {@link #hotpluggable()}).
     */
    public boolean hasOnlineFile(int cpu) {
        return Files.exists(onlineFile(cpu));
    }

    /**
     * Whether {@code cpu} is online: its {@code cpuN/online} file when it has one, else membership in the
     * {@code online} list (a CPU without the file cannot go offline).
     */
    public boolean isOnline(int cpu) {
        return readOnlineFile(cpu).orElseGet(() -> online().contains(cpu));
    }

    /**
     * What {@code cpuN/online} says: true for "1", false for "0", empty when the CPU has no such file.
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     * @throws IllegalStateException naming the file when it holds anything else
     */
    public Optional<Boolean> readOnlineFile(int cpu) {
        Path file = onlineFile(cpu);
        String s;
        try {
            s = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (s.equals("1")) {
            return Optional.of(true);
        }
        if (s.equals("0")) {
            return Optional.of(false);
        }
        throw new IllegalStateException("unexpected content \"" + s + "\" in " + file);
    }

    /** {@code cpuN/online} as {@link #readOnlineFile} reads it, but never an exception. */
    public OnlineFile readCpuOnline(int cpu) {
        Optional<Boolean> online;
        try {
            online = readOnlineFile(cpu);
        } catch (UncheckedIOException | IllegalStateException e) {
            return OnlineFile.MALFORMED;
        }
        if (online.isEmpty()) {
            return Files.isDirectory(cpuDir(cpu)) ? OnlineFile.ABSENT : OnlineFile.MALFORMED;
        }
        return online.get() ? OnlineFile.ONLINE : OnlineFile.OFFLINE;
    }

    /** {@code kernel_max}: the highest CPU number this kernel supports, if the file exists. */
    public OptionalInt kernelMax() {
        return readInt(root.resolve("kernel_max"));
    }

    /** {@code cpuN/hotplug/fail}: the injected failure state, -1 when none; empty without the file. */
    public OptionalInt readHotplugFail(int cpu) {
        return readInt(hotplugFailFile(cpu));
    }

    /** {@code hotplug/states}: the kernel's hotplug state machine; empty when the kernel has no such file. */
    public List<HotplugState> hotplugStates() {
        List<HotplugState> states = new ArrayList<>();
        for (String line : readText(root.resolve("hotplug").resolve("states")).orElse("").split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            OptionalInt n = parseInt(line.substring(0, colon));
            if (n.isPresent()) {
                states.add(new HotplugState(n.getAsInt(), line.substring(colon + 1).strip()));
            }
        }
        return states;
    }

    /** The state number whose name is {@code name} (e.g. {@code "workqueue:prepare"}), if this kernel has it. */
    public OptionalInt hotplugStateNumber(String name) {
        return hotplugStates().stream().filter(s -> s.name().equals(name))
                .mapToInt(HotplugState::number).findFirst();
    }

    /** Every {@code cpuN} directory in the tree. */
    public CpuSet cpuDirectories() {
        CpuSet.Builder b = CpuSet.builder();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, "cpu[0-9]*")) {
            for (Path d : dirs) {
                Matcher m = CPU_DIR.matcher(d.getFileName().toString());
                if (m.matches() && Files.isDirectory(d)) {
                    b.add(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return b.build();
    }

    /** CPUs we can take offline and online: their {@code online} file exists and we may write it. */
    public CpuSet hotpluggable() {
        return withWritable(cpuDirectories(), this::onlineFile);
    }

    /** Hotpluggable CPUs whose {@code hotplug/fail} file exists and is writable: real failure injection. */
    public CpuSet faultInjectable() {
        return withWritable(hotpluggable(), this::hotplugFailFile);
    }

    /** The CPUs of {@code cpus} whose {@code file} is a regular file this process may write. */
    private static CpuSet withWritable(CpuSet cpus, IntFunction<Path> file) {
        CpuSet.Builder b = CpuSet.builder();
        cpus.forEach(cpu -> {
            Path f = file.apply(cpu);
            if (Files.isRegularFile(f) && Files.isWritable(f)) {
                b.add(cpu);
            }
        });
        return b.build();
    }

    /**
     * Reads a CPU list file relative to the root, e.g. {@code "online"} or {@code "cpu1/topology/core_cpus_list"}.
     *
     * @throws UncheckedIOException when it cannot be read
     * @throws IllegalArgumentException naming the file when its content is not a CPU list
     */
    public CpuSet readList(String relative) {
        return readList(relative, true);
    }

    /** Like {@link #readList(String)} but empty instead of an exception (for pollers that must keep going). */
    public Optional<CpuSet> tryReadList(String relative) {
        try {
            return Optional.of(readList(relative));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private CpuSet readList(String relative, boolean required) {
        Path file = root.resolve(relative);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            if (!required) {
                return CpuSet.EMPTY;
            }
            throw new UncheckedIOException("cannot read " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return CpuSet.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> readText(Path p) {
        try {
            return Optional.of(Files.readString(p, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt readInt(Path p) {
        return readText(p).map(CpuSysfs::parseInt).orElse(OptionalInt.empty());
    }

    private static OptionalInt parseInt(String s) {
        try {
            return OptionalInt.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public String toString() {
        return "sysfs " + root;
    }
}
