package org.hotplugwq.hotplug;

import java.util.function.IntConsumer;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CpuSysfsWriter;
import org.hotplugwq.linux.SysfsWriteException;

/**
 * The one way this process writes {@code cpuN/online}, safe against its own exit: every write happens inside
 * one {@link ExitGuard#enter section} with its bookkeeping in the state file ({@link OfflinedCpuRegistry}):
 * <pre>
 *   offline: guard section { record cpu (temporary: restored at exit) → write 0 → forget it if the write failed }
 *   online:  guard section { write 1 → forget the record once it is online }
 * </pre>
 * So the exit hook never runs between the record and the write (it would drop the record, and the write would
 * then offline the CPU for good), a {@code kill -9} after the write leaves the record for the next start, and
 * once the process is exiting every write is refused. The {@link HotplugController}, the stress machine's direct
 * writes and the {@link DetectionLatencyProbe} all go through here (README, "Hotplug events").
 */
public final class GuardedHotplugWriter {
    private final CpuSysfsWriter writer;
    private final OfflinedCpuRegistry registry;
    private final ExitGuard guard;
    private final MachineRestorer restorer;

    /** Which records an online clears. */
    public enum Clears {
        /** any record of the CPU (an explicit {@code hotplugwq online} ends a deliberate offline too) */
        ANY_RECORD,
        /** only this process's temporary record: someone else's deliberate offline stays on record */
        OWN_TEMPORARY_RECORD
    }

    /** The write as it happened: its times, or the kernel's refusal (then nothing stays recorded for it). */
    public record Write(long startNanos, long returnedNanos, SysfsWriteException refused) {
        public boolean ok() {
            return refused == null;
        }

        public long nanos() {
            return returnedNanos - startNanos;
        }
    }

    /** What writes the CPU inside the section: plainly, or with an injected failure around it. */
    @FunctionalInterface
    public interface CpuWrite {
        void write(int cpu, boolean online) throws SysfsWriteException;
    }

    public GuardedHotplugWriter(CpuSysfs sysfs, OfflinedCpuRegistry registry, ExitGuard guard) {
        this.writer = new CpuSysfsWriter(sysfs);
        this.registry = registry;
        this.guard = guard;
        this.restorer = new MachineRestorer(sysfs, registry);
    }

    public CpuSysfs sysfs() {
        return writer.sysfs();
    }

    /** The plain writes, for what is not a transition of ours (fault-injection knobs, calibration). */
    public CpuSysfsWriter writer() {
        return writer;
    }

    public OfflinedCpuRegistry registry() {
        return registry;
    }

    public ExitGuard guard() {
        return guard;
    }

    /** Brings back what this writer's registry holds; registered with the exit guard by the first offline. */
    public MachineRestorer restorer() {
        return restorer;
    }

    /** Offlines {@code cpu} with a plain write of 0. */
    public Write offline(int cpu, OfflinedCpuRegistry.Kind kind) throws HotplugRefusedException {
        return offline(cpu, kind, c -> { }, writer::writeCpuOnline);
    }

    /** Onlines {@code cpu} with a plain write of 1. */
    public Write online(int cpu, Clears clears) throws HotplugRefusedException {
        return online(cpu, clears, c -> { }, writer::writeCpuOnline);
    }

    /**
     * Records {@code cpu}, then writes it offline, in one section.
     *
     * @param beforeWrite runs in the section after the record, just before the write
     * @throws HotplugRefusedException ({@code EXITING}) when the process is exiting: nothing recorded or written
     * @throws RuntimeException whatever {@code beforeWrite} or {@code write} threw; the record is gone again
     */
    public Write offline(int cpu, OfflinedCpuRegistry.Kind kind, IntConsumer beforeWrite, CpuWrite write)
            throws HotplugRefusedException {
        try (ExitGuard.Section section = guard.enter(cpu)) {
            if (kind == OfflinedCpuRegistry.Kind.TEMPORARY) {
                guard.restoreAtExit(restorer);
            }
            registry.record(cpu, kind); // before the write: a kill -9 may follow it
            long start = System.nanoTime();
            try {
                beforeWrite.accept(cpu);
                start = System.nanoTime();
                write.write(cpu, false);
            } catch (SysfsWriteException e) {
                registry.forget(cpu);
                return new Write(start, System.nanoTime(), e);
            } catch (RuntimeException e) {
                registry.forget(cpu);
                throw e;
            }
            return new Write(start, System.nanoTime(), null);
        }
    }

    /**
     * Writes {@code cpu} online, then clears its record, in one section.
     *
     * @param beforeWrite runs in the section just before the write
     * @throws HotplugRefusedException ({@code EXITING}) when the process is exiting: nothing written
     */
    public Write online(int cpu, Clears clears, IntConsumer beforeWrite, CpuWrite write)
            throws HotplugRefusedException {
        try (ExitGuard.Section section = guard.enter(cpu)) {
            beforeWrite.accept(cpu);
            long start = System.nanoTime();
            try {
                write.write(cpu, true);
            } catch (SysfsWriteException e) {
                return new Write(start, System.nanoTime(), e);
            }
            long returned = System.nanoTime();
            if (clears == Clears.ANY_RECORD) {
                registry.forget(cpu);
            } else {
                long self = ProcessHandle.current().pid();
                registry.take(e -> e.cpu() == cpu && e.ownerPid() == self
                        && e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY);
            }
            return new Write(start, returned, null);
        }
    }
}
