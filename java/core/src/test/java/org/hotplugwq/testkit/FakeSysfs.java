package org.hotplugwq.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.cpu.CpuSet;

/** A CPU sysfs tree in a temp dir, shaped like the kernel's: cpu0 without an {@code online} file. */
final class FakeSysfs {
    private final Path root;

    FakeSysfs(Path root) {
        this.root = root;
    }

    /** {@code cpus} CPUs, all present and online; cpu1.. hotpluggable with fault injection. */
    static FakeSysfs machine(Path root, int cpus) {
        FakeSysfs fs = new FakeSysfs(root);
        String all = CpuSet.first(cpus).toString();
        fs.write("possible", all + "\n").write("present", all + "\n").write("online", all + "\n")
                .write("offline", "\n").write("isolated", "\n");
        for (int cpu = 0; cpu < cpus; cpu++) {
            fs.write("cpu" + cpu + "/topology/core_id", cpu + "\n");
            if (cpu > 0) {
                fs.write("cpu" + cpu + "/online", "1\n").write("cpu" + cpu + "/hotplug/fail", "-1\n");
            }
        }
        return fs;
    }

    /** Marks a CPU offline the way the kernel shows it: its online file and the two lists. */
    FakeSysfs setOnline(int cpu, boolean up) {
        CpuSet online = new CpuSysfs(root).online();
        online = up ? online.with(cpu) : online.without(cpu);
        CpuSet possible = new CpuSysfs(root).possible();
        return write("cpu" + cpu + "/online", up ? "1\n" : "0\n")
                .write("online", online + "\n")
                .write("offline", possible.minus(online) + "\n");
    }

    FakeSysfs write(String relative, String content) {
        try {
            Path f = root.resolve(relative);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeSysfs delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CpuSysfs reader() {
        return new CpuSysfs(root);
    }

    Path root() {
        return root;
    }
}
