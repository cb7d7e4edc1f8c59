package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.SysfsWriteException;

/**
 * Measures how long an event source takes to notice a hotplug done by someone else: it toggles a CPU by
 * writing sysfs directly (as another shell would, so the bridge does not know it is coming) and takes
 * {@code deliveredNanos - writeReturnedNanos} of the first action delivered ({@code CPU_DEAD} for an offline,
 * {@code CPU_UP_PREPARE} for an online). The uevent can reach us before {@code write(2)} has returned to
 * user space; such samples are negative and kept as they are.
 *
 * <p>The bridge must already have a started source. The CPU is recorded as a temporary offline while
 * offline and is online again when this returns, whatever happens: each write goes through the
 * {@link GuardedHotplugWriter}, so the {@link ExitGuard}'s shutdown hook brings the CPU back at exit (Ctrl-C)
 * after the write in flight, and refuses any later one.
 */
public final class DetectionLatencyProbe {
    /**
     * One transition: which way, how long the write took, write-returned → delivered ({@code detectionNanos}),
     * and of that, write-returned → the source's sighting ({@code sightingNanos}; the rest is the hand-over to
     * the bridge thread).
     */
    public record Sample(boolean online, long writeNanos, long detectionNanos, long sightingNanos,
                         EventOrigin origin) { }

    /** p50/p99/min/max of a list of nanosecond values. */
    public record Summary(int count, long p50, long p99, long min, long max) {
        public static Summary of(long[] values) {
            if (values.length == 0) {
                return new Summary(0, 0, 0, 0, 0);
            }
            long[] v = values.clone();
            Arrays.sort(v);
            return new Summary(v.length, percentile(v, 50), percentile(v, 99), v[0], v[v.length - 1]);
        }

        private static long percentile(long[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    private final HotplugBridge bridge;
    private final GuardedHotplugWriter writer;

    /** A probe whose writes share this process's {@link ExitGuard#forThisProcess() exit guard}. */
    public DetectionLatencyProbe(CpuSysfs sysfs, HotplugBridge bridge, OfflinedCpuRegistry registry) {
        this(sysfs, bridge, registry, ExitGuard.forThisProcess());
    }

    public DetectionLatencyProbe(CpuSysfs sysfs, HotplugBridge bridge, OfflinedCpuRegistry registry,
                                 ExitGuard guard) {
        this.bridge = bridge;
        this.writer = new GuardedHotplugWriter(sysfs, registry, guard);
    }

    /**
     * {@code toggles} times: offline then online {@code cpu}, waiting each time for the bridge to deliver.
     *
     * @throws IllegalStateException when an action does not arrive within {@code timeout}, or the process is
     *     exiting (its shutdown hook has started: nothing more is written)
     */
    public List<Sample> measure(int cpu, int toggles, Duration timeout)
            throws SysfsWriteException, InterruptedException {
        BlockingQueue<HotplugEvent> firstActions = new LinkedBlockingQueue<>();
        HotplugEventListener listener = e -> {
            if (e.cpu() == cpu && (e.action() == CpuAction.CPU_DEAD || e.action() == CpuAction.CPU_UP_PREPARE)) {
                firstActions.add(e);
            }
        };
        bridge.addListener(listener);
        List<Sample> samples = new ArrayList<>();
        try {
            for (int i = 0; i < toggles; i++) {
                for (boolean online : new boolean[] {false, true}) {
                    GuardedHotplugWriter.Write w;
                    try {
                        w = online ? writer.online(cpu, GuardedHotplugWriter.Clears.ANY_RECORD)
                                : writer.offline(cpu, OfflinedCpuRegistry.Kind.TEMPORARY);
                    } catch (HotplugRefusedException exiting) {
                        throw new IllegalStateException(exiting.getMessage(), exiting);
                    }
                    if (!w.ok()) {
                        throw w.refused();
                    }
                    HotplugEvent e = firstActions.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    if (e == null) {
                        throw new IllegalStateException("no " + (online ? "CPU_UP_PREPARE" : "CPU_DEAD") + " for cpu"
                                + cpu + " within " + timeout);
                    }
                    long returned = w.returnedNanos();
                    samples.add(new Sample(online, w.nanos(), e.deliveredNanos() - returned,
                            e.observedNanos() - returned, e.origin()));
                }
            }
            return samples;
        } finally {
            bridge.removeListener(listener);
            MachineRestorer restorer = writer.restorer();
            restorer.restore(e -> e.cpu() == cpu && e.ownerPid() == ProcessHandle.current().pid()
                    && e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY);
            writer.guard().release(restorer);
        }
    }
}
