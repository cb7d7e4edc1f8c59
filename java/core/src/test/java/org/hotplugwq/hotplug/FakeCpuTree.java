package org.hotplugwq.hotplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.cpu.CpuSet;

/** A fake {@code /sys/devices/system/cpu} of plain files in a temp dir, for the sysfs sources and controller. */
final class FakeCpuTree {
    final Path root;
    final SysfsCpuTree tree;

    /** {@code cpus} CPUs, all online; cpu0 has no {@code online} file (not hotpluggable), as on x86. */
    FakeCpuTree(Path root, int cpus) {
        this.root = root;
        this.tree = new SysfsCpuTree(root);
        write("possible", CpuSet.first(cpus).toString());
        write("present", CpuSet.first(cpus).toString());
        write("online", CpuSet.first(cpus).toString());
        write("kernel_max", "7");
        write("hotplug/states", "  0: offline\n 36: workqueue:prepare\n187: workqueue:online\n236: online\n");
        for (int cpu = 0; cpu < cpus; cpu++) {
            mkdirs("cpu" + cpu + "/hotplug");
            write("cpu" + cpu + "/hotplug/fail", "-1");
            if (cpu > 0) {
                write("cpu" + cpu + "/online", "1");
            }
        }
    }

    /** Sets a CPU's state the way the kernel does at the end of a transition: its file and the list. */
    FakeCpuTree set(int cpu, boolean online) {
        write("cpu" + cpu + "/online", online ? "1" : "0");
        CpuSet list = tree.onlineCpus();
        write("online", (online ? list.with(cpu) : list.without(cpu)).toString());
        return this;
    }

    String read(String rel) {
        try {
            return Files.readString(root.resolve(rel)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeCpuTree write(String rel, String text) {
        try {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text + "\n");
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeCpuTree delete(String rel) {
        try {
            Files.deleteIfExists(root.resolve(rel));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void mkdirs(String rel) {
        try {
            Files.createDirectories(root.resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
