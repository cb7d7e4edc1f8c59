package org.hotplugwq.hotplug;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CpuSysfsWriter;
import org.hotplugwq.linux.SysfsWriteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings back the CPUs recorded in an {@link OfflinedCpuRegistry}, and never any other: {@code restore},
 * the start of every command (owners that died by {@code kill -9}) and the shutdown hook all come here.
 * It writes sysfs directly, without notifiers: it runs where no bridge exists (a new command) or where
 * the bridge may be gone (JVM shutdown); any running event source reports the CPU coming back.
 */
public final class MachineRestorer {
    private static final Logger log = LoggerFactory.getLogger(MachineRestorer.class);

    /** One CPU brought back (or not). */
    public record Restored(OfflinedCpuRegistry.Entry entry, boolean wasOffline, String error) {
        public boolean ok() {
            return error == null;
        }

        @Override
        public String toString() {
            String who = entry.kind().name().toLowerCase(java.util.Locale.ROOT) + ", pid " + entry.ownerPid();
            if (!ok()) {
                return "cpu" + entry.cpu() + ": could not bring back online (" + who + "): " + error;
            }
            return "cpu" + entry.cpu() + (wasOffline ? ": back online" : ": was already online")
                    + " (offlined by hotplugwq, " + who + ")";
        }
    }

    private final CpuSysfs sysfs;
    private final CpuSysfsWriter writer;
    private final OfflinedCpuRegistry registry;

    public MachineRestorer(CpuSysfs sysfs, OfflinedCpuRegistry registry) {
        this.sysfs = sysfs;
        this.writer = new CpuSysfsWriter(sysfs);
        this.registry = registry;
    }

    /** {@code hotplugwq restore}: every CPU this tool offlined, temporary or deliberate. */
    public List<Restored> restoreAll() {
        return restore(e -> true);
    }

    /** At the start of any command: temporary CPUs whose owning process is dead (it was killed). */
    public List<Restored> restoreOrphans() {
        return restore(e -> e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY && !e.ownerAlive());
    }

    /** At exit: the temporary CPUs this process offlined. */
    public List<Restored> restoreOwnTemporary() {
        long self = ProcessHandle.current().pid();
        return restore(e -> e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY && e.ownerPid() == self);
    }

    public List<Restored> restore(Predicate<OfflinedCpuRegistry.Entry> which) {
        if (registry.entries().stream().noneMatch(which)) {
            return List.of(); // a read-only look first: the common case needs no lock and no root
        }
        List<Restored> done = new ArrayList<>();
        for (OfflinedCpuRegistry.Entry e : registry.take(which)) {
            done.add(bringBack(e));
        }
        return done;
    }

    private Restored bringBack(OfflinedCpuRegistry.Entry e) {
        int cpu = e.cpu();
        try {
            OptionalInt fail = sysfs.readHotplugFail(cpu);
            if (fail.isPresent() && fail.getAsInt() != -1) {
                writer.writeHotplugFail(cpu, -1); // a killed fault-injection run may have left it set
            }
            CpuSysfs.OnlineFile state = sysfs.readCpuOnline(cpu);
            if (!state.isOnline()) { // offline, or unreadable: writing 1 to an online CPU is harmless
                writer.writeCpuOnline(cpu, true);
                log.info("cpu{} back online (offlined by pid {}, {})", cpu, e.ownerPid(), e.kind());
                return new Restored(e, true, null);
            }
            return new Restored(e, false, null);
        } catch (SysfsWriteException ex) {
            // keep it on record so that a later restore (as root, or after the kernel relents) tries again
            registry.record(e);
            return new Restored(e, true, ex.getMessage());
        }
    }
}
