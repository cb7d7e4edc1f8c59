package org.hotplugwq.stress.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.hotplug.CpuHotplugLock;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.hotplug.ExitGuard;
import org.hotplugwq.hotplug.GuardedHotplugWriter;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugEvent;
import org.hotplugwq.hotplug.HotplugEventListener;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.hotplug.UeventListener;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.LinuxCpuPlatform;
import org.hotplugwq.stress.StressOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine's real CPUs. An ordinary operation of the schedule writes {@code cpuN/online} as another
 * shell would, and the systems learn of it the way they learn of anyone's hotplug: through the event source
 * ({@code --source}: netlink uevents or the sysfs poller) and the {@link HotplugBridge}, which delivers
 * {@code CPU_DEAD}, or {@code CPU_UP_PREPARE} and {@code CPU_ONLINE}. So the detection window is real: from
 * the kernel taking the CPU down inside our write until our {@code CPU_DEAD}. An operation with an injected
 * failure goes through the {@link HotplugController}, which announces it and so sends the real
 * {@code CPU_DOWN_FAILED}/{@code CPU_UP_CANCELED} when the kernel refuses.
 *
 * <p>Every direct write goes through a {@link GuardedHotplugWriter}: a CPU offlined is first recorded in the state
 * file as temporary, in one section of the {@link ExitGuard} (shared with the controller), so {@link #close()},
 * the guard's JVM shutdown hook, or the next start after a {@code kill -9} brings it back, the hook never runs
 * between the record and the write, and once it has started every further transition is refused. Our
 * transitions take the bridge's {@link CpuHotplugLock} write side (the controller's too), so they exclude
 * {@link #readLock()} holders, as {@code cpus_write_lock()} excludes {@code cpus_read_lock()}.
 */
public final class RealStressMachine implements StressMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RealStressMachine.class);
    /** Failing these states makes an online (offline) fail on Linux ≥ 4.10: workqueue's own prepare/online steps. */
    private static final String FAIL_ONLINE_STATE = "workqueue:prepare";
    private static final String FAIL_OFFLINE_STATE = "workqueue:online";

    private final CpuPlatform platform;
    private final String currentCpuPath;
    private final CpuSysfs sysfs;
    private final GuardedHotplugWriter writer;
    private final MachineRestorer restorer;
    private final HotplugBridge bridge;
    private final HotplugController controller;
    private final HotplugEventSource source;
    private final CpuSet hotpluggable;
    private final OptionalInt failOnline;
    private final OptionalInt failOffline;
    private final CpuHotplugLock hotplugLock;
    private final DeliveryTimeout deliveryTimeout; // the schedule's thread, under hotplugLock's write side
    private final HotplugEventListener eventListener = this::onDelivered;
    private volatile DeliveryListener listener = (a, c, o, t, x) -> { };
    private volatile Pending pending;
    private HotplugBridge.Registration registration;
    private volatile CpuSet offlinedByUs = CpuSet.EMPTY; // written under hotplugLock's write side
    private boolean closed;

    /** Our own write waiting to be seen and delivered. */
    private static final class Pending {
        final int cpu;
        final CpuAction last;
        final CountDownLatch delivered = new CountDownLatch(1);
        volatile EventOrigin origin;

        Pending(int cpu, CpuAction last) {
            this.cpu = cpu;
            this.last = last;
        }
    }

    private RealStressMachine(CpuSysfs sysfs, CpuPlatform platform, String currentCpuPath,
                              OfflinedCpuRegistry registry, EventSourceKind sourceKind, Duration pollInterval,
                              Duration deliveryTimeout, Consumer<String> notice, ExitGuard guard) {
        this.sysfs = sysfs;
        this.deliveryTimeout = DeliveryTimeout.of(deliveryTimeout);
        this.writer = new GuardedHotplugWriter(sysfs, registry, guard);
        this.restorer = writer.restorer();
        restorer.restoreOrphans().forEach(r -> notice.accept(r + "; its process is gone"));
        this.platform = platform;
        this.currentCpuPath = currentCpuPath;
        this.bridge = HotplugBridge.forTree(sysfs);
        this.hotplugLock = bridge.hotplugLock();
        this.controller = new HotplugController(sysfs, bridge, registry, guard);
        CpuSet.Builder hp = CpuSet.builder();
        sysfs.present().intersect(platform.allowedCpus()).forEach(cpu -> {
            if (sysfs.hasOnlineFile(cpu)) {
                hp.add(cpu);
            }
        });
        this.hotpluggable = hp.build();
        this.failOnline = sysfs.hotplugStateNumber(FAIL_ONLINE_STATE);
        this.failOffline = sysfs.hotplugStateNumber(FAIL_OFFLINE_STATE);
        this.source = sourceKind.open(sysfs, bridge, pollInterval, UeventListener.DEFAULT_RESYNC, notice);
        bridge.addListener(eventListener);
        guard.restoreAtExit(restorer);
        source.start();
    }

    /**
     * @param stateFile the record of CPUs this tool offlined (shared with {@code hotplugwq restore})
     * @param notice told in one line of anything the user should know (fallbacks, CPUs restored)
     */
    public static RealStressMachine open(StressOptions options, Path stateFile, Consumer<String> notice) {
        return open(options, CpuSysfs.system(), stateFile, notice);
    }

    /** As above, on the CPUs of {@code sysfs} (the command line's {@code --sysfs-root}). */
    public static RealStressMachine open(StressOptions options, CpuSysfs sysfs, Path stateFile,
                                         Consumer<String> notice) {
        LinuxCpuPlatform linux = LinuxCpuPlatform.builder().sysfs(sysfs).build();
        return new RealStressMachine(sysfs, linux, linux.currentCpuPath().label(),
                new OfflinedCpuRegistry(stateFile), options.source(), options.pollInterval(),
                options.deliveryTimeout(), notice, ExitGuard.forThisProcess());
    }

    /** The same mechanics on another tree and platform: a fake sysfs in a temp dir, for tests without root. */
    static RealStressMachine onTree(CpuSysfs sysfs, CpuPlatform platform, Path stateFile, EventSourceKind source,
                                    Duration pollInterval) {
        return onTree(sysfs, platform, stateFile, source, pollInterval, ExitGuard.forThisProcess());
    }

    /** As above, with its own exit guard (a test can play the JVM's exit on it). */
    static RealStressMachine onTree(CpuSysfs sysfs, CpuPlatform platform, Path stateFile, EventSourceKind source,
                                    Duration pollInterval, ExitGuard guard) {
        return onTree(sysfs, platform, stateFile, source, pollInterval, null, guard);
    }

    /** As above, waiting {@code deliveryTimeout} for each delivery (null: scaled to the writes). */
    static RealStressMachine onTree(CpuSysfs sysfs, CpuPlatform platform, Path stateFile, EventSourceKind source,
                                    Duration pollInterval, Duration deliveryTimeout, ExitGuard guard) {
        return new RealStressMachine(sysfs, platform, "simulated", new OfflinedCpuRegistry(stateFile), source,
                pollInterval, deliveryTimeout, notice -> { }, guard);
    }

    @Override
    public MachineInfo info() {
        return new MachineInfo(sysfs.possible().cardinality(), kernelRelease(), System.getProperty("os.arch"),
                currentCpuPath, platform.name() + ", events by " + source.describe(), false, null);
    }

    private static String kernelRelease() {
        try {
            Path release = Path.of("/proc/sys/kernel/osrelease");
            return "Linux " + Files.readString(release, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }

    @Override
    public CpuPlatform platform() {
        return platform;
    }

    @Override
    public CpuSet hotpluggableCpus() {
        return hotpluggable;
    }

    /** The CPUs online as the systems were told (the bridge's mask). */
    @Override
    public CpuSet onlineCpus() {
        return bridge.knownOnline();
    }

    @Override
    public CpuSet offlinedByThisRun() {
        return offlinedByUs;
    }

    @Override
    public void attach(CpuNotifier notifier, DeliveryListener listener) {
        this.listener = listener;
        this.registration = bridge.register(notifier);
    }

    @Override
    public CpuHotplugLock.ReadHold readLock() {
        return hotplugLock.readLock();
    }

    @Override
    public boolean canInjectFailures() {
        return failOnline.isPresent() && failOffline.isPresent();
    }

    @Override
    public TransitionOutcome transition(int cpu, boolean up, boolean injectFailure) {
        if (!hotpluggable.contains(cpu)) {
            throw new IllegalArgumentException("cpu" + cpu + " is not hotpluggable here (" + hotpluggable + ")");
        }
        try (CpuHotplugLock.WriteHold held = hotplugLock.writeLock()) {
            return injectFailure && canInjectFailures() ? injected(cpu, up) : direct(cpu, up);
        }
    }

    /** Through the controller: the kernel is made to refuse, the notifiers get the rollback. */
    private TransitionOutcome injected(int cpu, boolean up) {
        long begin = System.nanoTime();
        try {
            TransitionResult r = up ? controller.onlineWithInjectedFailure(cpu, failOnline.getAsInt())
                    : controller.offlineWithInjectedFailure(cpu, failOffline.getAsInt());
            if (r.changed()) {
                offlinedByUs = up ? offlinedByUs.without(cpu) : offlinedByUs.with(cpu);
            }
            return new TransitionOutcome(cpu, up, true, r.outcome(), begin, System.nanoTime(), r.writeNanos(),
                    r.detail());
        } catch (HotplugRefusedException | RuntimeException e) {
            return new TransitionOutcome(cpu, up, true, TransitionResult.Outcome.ERROR, begin, System.nanoTime(), 0,
                    e.getMessage());
        }
    }

    /** Writes cpuN/online like anyone would and waits until the bridge has delivered what the source saw. */
    private TransitionOutcome direct(int cpu, boolean up) {
        long begin = System.nanoTime();
        if (sysfs.readCpuOnline(cpu).isOnline() == up) {
            return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.ALREADY, begin,
                    System.nanoTime(), 0, "already " + (up ? "online" : "offline"));
        }
        if (!up && lastOnline(cpu)) { // the kernel refuses too, but the bridge's mask may lag a lost delivery
            return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.KERNEL_REFUSED, begin,
                    System.nanoTime(), 0, "cpu" + cpu + " is the last online CPU");
        }
        Pending p = new Pending(cpu, up ? CpuAction.CPU_ONLINE : CpuAction.CPU_DEAD);
        GuardedHotplugWriter.Write w;
        try {
            w = up ? writer.online(cpu, GuardedHotplugWriter.Clears.OWN_TEMPORARY_RECORD, c -> pending = p,
                            writer.writer()::writeCpuOnline)
                    : writer.offline(cpu, OfflinedCpuRegistry.Kind.TEMPORARY, c -> pending = p,
                            writer.writer()::writeCpuOnline);
        } catch (HotplugRefusedException exiting) {
            return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.ERROR, begin, System.nanoTime(), 0,
                    exiting.getMessage());
        }
        if (!w.ok()) {
            pending = null;
            return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.KERNEL_REFUSED, begin,
                    System.nanoTime(), w.nanos(), w.refused().getMessage());
        }
        offlinedByUs = up ? offlinedByUs.without(cpu) : offlinedByUs.with(cpu);
        deliveryTimeout.wrote(w.nanos());
        boolean seen;
        try {
            seen = p.delivered.await(deliveryTimeout.nanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = false;
        } finally {
            pending = null;
        }
        if (!seen) {
            return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.ERROR, begin, System.nanoTime(),
                    w.nanos(), "the kernel changed cpu" + cpu + " but " + source.describe()
                    + " did not deliver it within " + deliveryTimeout.describe());
        }
        // detection latency: our write returned -> the systems were told (told now that the write time is known)
        listener.delivered(p.last, cpu, p.origin, w.returnedNanos(), false);
        return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.DONE, begin, System.nanoTime(),
                w.nanos(), "seen by " + p.origin.label());
    }

    /** Whether no other present CPU is online, as sysfs says now. */
    private boolean lastOnline(int cpu) {
        return sysfs.present().stream().noneMatch(c -> c != cpu && sysfs.isOnline(c));
    }

    /** Bridge thread, after the chain returned. */
    private void onDelivered(HotplugEvent e) {
        Pending p = pending;
        boolean ours = p != null && p.cpu == e.cpu() && e.origin() != EventOrigin.CONTROLLER;
        if (ours) {
            if (e.action() == p.last) {
                p.origin = e.origin();
                p.delivered.countDown(); // the final action is reported by direct() with the write time
            }
            return;
        }
        boolean external = e.origin() != EventOrigin.CONTROLLER;
        if (external) {
            LOG.warn("cpu{} changed outside this run ({} by {}): its wrong-CPU works are excused around it",
                    e.cpu(), e.action(), e.origin().label());
        }
        listener.delivered(e.action(), e.cpu(), e.origin(), e.observedNanos(), external);
    }

    /** Brings back every CPU this run offlined, through the systems, then directly whatever is left. */
    @Override
    public CpuSet restore() {
        CpuSet todo;
        try (CpuHotplugLock.WriteHold held = hotplugLock.writeLock()) {
            todo = offlinedByUs;
        }
        todo.forEach(cpu -> {
            TransitionOutcome o = transition(cpu, true, false);
            if (!o.changed() && o.result() != TransitionResult.Outcome.ALREADY) {
                LOG.warn("bringing cpu{} back: {} {}", cpu, o.result(), o.detail());
            }
        });
        restorer.restoreOwnTemporary().forEach(r -> LOG.warn("restored directly: {}", r));
        CpuSet.Builder still = CpuSet.builder();
        todo.forEach(cpu -> {
            if (!sysfs.readCpuOnline(cpu).isOnline()) {
                still.add(cpu);
            }
        });
        return still.build();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            CpuSet left = restore();
            if (!left.isEmpty()) {
                LOG.error("cpu {} still offline after the run", left);
            }
        } catch (RuntimeException e) {
            LOG.error("restoring CPUs failed", e);
        }
        try {
            source.close();
        } catch (Exception e) {
            LOG.warn("closing {}: {}", source.describe(), e.toString());
        }
        bridge.removeListener(eventListener);
        if (registration != null) {
            registration.close();
        }
        controller.close();
        bridge.close();
        writer.guard().release(restorer);
    }
}
