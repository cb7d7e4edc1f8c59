package org.hotplugwq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CpuSysfsWriter;

/**
 * The one fake {@code /sys/devices/system/cpu} of every module's tests: plain files in a temp dir, shaped like
 * the kernel's. {@link #machine} builds a whole machine; {@link #empty} a bare root for trees built file by file.
 * Every write ends the file with a newline, as sysfs does.
 */
public final class FakeSysfs {
    /** {@code hotplug/states} of a small kernel, with the two workqueue states the stress machine fails. */
    public static final String HOTPLUG_STATES =
            "  0: offline\n 36: workqueue:prepare\n187: workqueue:online\n236: online";

    private final Path root;

    private FakeSysfs(Path root) {
        this.root = root;
    }

    /**
     * {@code cpus} CPUs, all possible, present and online; cpu0 has no {@code online} file (not hotpluggable, as
     * on x86); every CPU has {@code topology/core_id} and {@code hotplug/fail} (-1); {@code kernel_max} is 7 and
     * {@code hotplug/states} is {@link #HOTPLUG_STATES}.
     */
    public static FakeSysfs machine(Path root, int cpus) {
        FakeSysfs fs = new FakeSysfs(root);
        String all = CpuSet.first(cpus).toString();
        fs.write("possible", all).write("present", all).write("online", all).write("offline", "")
                .write("isolated", "").write("kernel_max", "7").write("hotplug/states", HOTPLUG_STATES);
        for (int cpu = 0; cpu < cpus; cpu++) {
            fs.write("cpu" + cpu + "/topology/core_id", Integer.toString(cpu))
                    .write("cpu" + cpu + "/hotplug/fail", "-1");
            if (cpu > 0) {
                fs.write("cpu" + cpu + "/online", "1");
            }
        }
        return fs;
    }

    /** A root directory with nothing in it yet. */
    public static FakeSysfs empty(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeSysfs(root);
    }

    /**
     * Marks a CPU online or offline the way the kernel shows it at the end of a transition: its {@code online}
     * file and the {@code online} and {@code offline} lists.
     */
    public FakeSysfs setOnline(int cpu, boolean up) {
        CpuSet online = reader().online();
        online = up ? online.with(cpu) : online.without(cpu);
        CpuSet possible = reader().possible();
        return write("cpu" + cpu + "/online", up ? "1" : "0")
                .write("online", online.toString())
                .write("offline", possible.minus(online).toString());
    }

    /** Writes {@code text} and a newline to {@code relative}, creating its directories. */
    public FakeSysfs write(String relative, String text) {
        try {
            Path f = root.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, text + "\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code relative} as a directory (a {@code cpuN} without files, or where a file should be). */
    public FakeSysfs mkdir(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code relative} if it exists. */
    public FakeSysfs delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces {@code relative} by a directory: opening it for writing then fails (EISDIR) as a refused
     * transition would, and reading it fails too.
     */
    public FakeSysfs unwritable(String relative) {
        return delete(relative).mkdir(relative);
    }

    /** The content of {@code relative}, stripped. */
    public String read(String relative) {
        try {
            return Files.readString(root.resolve(relative)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CpuSysfs reader() {
        return new CpuSysfs(root);
    }

    public CpuSysfsWriter writer() {
        return new CpuSysfsWriter(reader());
    }

    public Path root() {
        return root;
    }
}
