package org.hotplugwq.stress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.hotplug.ExitGuard;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugEvent;
import org.hotplugwq.hotplug.HotplugEventListener;
import org.hotplugwq.hotplug.HotplugEventSource;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.SysfsCpuTree;
import org.hotplugwq.hotplug.SysfsPoller;
import org.hotplugwq.hotplug.SysfsWriteException;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.hotplug.UeventListener;
import org.hotplugwq.linux.LinuxCpuPlatform;
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
 * <p>Every CPU offlined is first recorded in the state file as temporary: {@link #close()}, the
 * {@link ExitGuard}'s JVM shutdown hook, or the next start after a {@code kill -9} brings it back. The record and
 * the write happen in one section of that guard (shared with the controller), so the hook never runs between
 * them, and once it has started every further transition is refused. Our transitions exclude
 * {@link #readLock()} holders, as {@code cpus_write_lock()} excludes {@code cpus_read_lock()}.
 */
public final class RealStressMachine implements StressMachine {
    private static final Logger LOG = LoggerFactory.getLogger(RealStressMachine.class);
    private static final long DELIVERY_TIMEOUT_MS = 5_000;
    /** Failing these states makes an online (offline) fail on Linux ≥ 4.10: workqueue's own prepare/online steps. */
    private static final String FAIL_ONLINE_STATE = "workqueue:prepare";
    private static final String FAIL_OFFLINE_STATE = "workqueue:online";

    private final CpuPlatform platform;
    private final String currentCpuPath;
    private final SysfsCpuTree tree;
    private final OfflinedCpuRegistry registry;
    private final MachineRestorer restorer;
    private final ExitGuard guard;
    private final HotplugBridge bridge;
    private final HotplugController controller;
    private final HotplugEventSource source;
    private final CpuSet hotpluggable;
    private final OptionalInt failOnline;
    private final OptionalInt failOffline;
    private final ReentrantReadWriteLock hotplugLock = new ReentrantReadWriteLock(true);
    private final HotplugEventListener eventListener = this::onDelivered;
    private volatile DeliveryListener listener = (a, c, o, t, x) -> { };
    private volatile Pending pending;
    private HotplugBridge.Registration registration;
    private volatile CpuSet offlinedByUs = CpuSet.EMPTY; // written under the write lock
    private boolean closed;

    /** Our own write waiting to be seen and delivered. */
    private static final class Pending {
        final int cpu;
        final CpuAction last;
        final CountDownLatch delivered = new CountDownLatch(1);
        volatile long writeReturnedNanos;
        volatile String origin;

        Pending(int cpu, CpuAction last) {
            this.cpu = cpu;
            this.last = last;
        }
    }

    private RealStressMachine(SysfsCpuTree tree, CpuPlatform platform, String currentCpuPath,
                              OfflinedCpuRegistry registry, String sourceSpec, Duration pollInterval,
                              Consumer<String> notice, ExitGuard guard) {
        this.tree = tree;
        this.registry = registry;
        this.restorer = new MachineRestorer(tree, registry);
        restorer.restoreOrphans().forEach(r -> notice.accept(r + "; its process is gone"));
        this.guard = guard;
        this.platform = platform;
        this.currentCpuPath = currentCpuPath;
        this.bridge = HotplugBridge.forTree(tree);
        this.controller = new HotplugController(tree, bridge, registry, guard);
        CpuSet.Builder hp = CpuSet.builder();
        tree.presentCpus().intersect(platform.allowedCpus()).forEach(cpu -> {
            if (tree.isHotpluggable(cpu)) {
                hp.add(cpu);
            }
        });
        this.hotpluggable = hp.build();
        this.failOnline = tree.hotplugStateNumber(FAIL_ONLINE_STATE);
        this.failOffline = tree.hotplugStateNumber(FAIL_OFFLINE_STATE);
        this.source = sourceSpec.equals("uevent")
                ? UeventListener.openOrFallBackToPolling(tree, bridge, UeventListener.DEFAULT_RESYNC, pollInterval,
                        notice)
                : new SysfsPoller(tree, bridge, pollInterval, SysfsPoller.Mode.PER_CPU);
        bridge.addListener(eventListener);
        guard.restoreAtExit(restorer);
        source.start();
    }

    /**
     * @param stateFile the record of CPUs this tool offlined (shared with {@code hotplugwq restore})
     * @param notice told in one line of anything the user should know (fallbacks, CPUs restored)
     */
    public static RealStressMachine open(StressOptions options, Path stateFile, Consumer<String> notice) {
        return open(options, SysfsCpuTree.system(), Duration.ofMillis(10), stateFile, notice);
    }

    /** As above, on the CPUs of {@code tree}; {@code ueventFallbackPoll}: the poller's interval without netlink. */
    public static RealStressMachine open(StressOptions options, SysfsCpuTree tree, Duration ueventFallbackPoll,
                                         Path stateFile, Consumer<String> notice) {
        Duration poll = options.usesUevent() ? ueventFallbackPoll : options.pollInterval();
        LinuxCpuPlatform linux = LinuxCpuPlatform.builder().sysfs(tree.sysfs()).build();
        return new RealStressMachine(tree, linux, linux.currentCpuPath().label(),
                new OfflinedCpuRegistry(stateFile), options.source(), poll, notice, ExitGuard.forThisProcess());
    }

    /** The same mechanics on another tree and platform: a fake sysfs in a temp dir, for tests without root. */
    static RealStressMachine onTree(SysfsCpuTree tree, CpuPlatform platform, Path stateFile, String source,
                                    Duration pollInterval) {
        return onTree(tree, platform, stateFile, source, pollInterval, ExitGuard.forThisProcess());
    }

    /** As above, with its own exit guard (a test can play the JVM's exit on it). */
    static RealStressMachine onTree(SysfsCpuTree tree, CpuPlatform platform, Path stateFile, String source,
                                    Duration pollInterval, ExitGuard guard) {
        return new RealStressMachine(tree, platform, "simulated", new OfflinedCpuRegistry(stateFile), source,
                pollInterval, notice -> { }, guard);
    }

    @Override
    public MachineInfo info() {
        return new MachineInfo(tree.possibleCpus().cardinality(), kernelRelease(), System.getProperty("os.arch"),
                currentCpuPath, platform.name() + ", events by " + source.describe(), false, null);
    }

    private static String kernelRelease() {
        try {
            return "Linux " + Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.US_ASCII)
                    .strip();
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
    public ReadHold readLock() {
        ReentrantReadWriteLock.ReadLock read = hotplugLock.readLock();
        read.lock();
        return read::unlock;
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
        hotplugLock.writeLock().lock();
        try {
            return injectFailure && canInjectFailures() ? injected(cpu, up) : direct(cpu, up);
        } finally {
            hotplugLock.writeLock().unlock();
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
            return new TransitionOutcome(cpu, up, true, result(r.outcome()), begin, System.nanoTime(), r.writeNanos(),
                    r.detail());
        } catch (HotplugRefusedException | RuntimeException e) {
            return new TransitionOutcome(cpu, up, true, TransitionOutcome.Result.ERROR, begin, System.nanoTime(), 0,
                    e.getMessage());
        }
    }

    private static TransitionOutcome.Result result(TransitionResult.Outcome o) {
        return switch (o) {
            case DONE -> TransitionOutcome.Result.DONE;
            case ALREADY -> TransitionOutcome.Result.ALREADY;
            case VETOED -> TransitionOutcome.Result.VETOED;
            case KERNEL_REFUSED -> TransitionOutcome.Result.REFUSED;
        };
    }

    /** Writes cpuN/online like anyone would and waits until the bridge has delivered what the source saw. */
    private TransitionOutcome direct(int cpu, boolean up) {
        long begin = System.nanoTime();
        Pending p = new Pending(cpu, up ? CpuAction.CPU_ONLINE : CpuAction.CPU_DEAD);
        long writeStart;
        long returned;
        // record, write, forget: one section of the exit guard, so that the exit hook neither runs in between
        // nor lets another write follow it
        try (ExitGuard.Section section = guard.enter(cpu)) {
            if (tree.readCpuOnline(cpu).isOnline() == up) {
                return new TransitionOutcome(cpu, up, false, TransitionOutcome.Result.ALREADY, begin,
                        System.nanoTime(), 0, "already " + (up ? "online" : "offline"));
            }
            if (!up) {
                registry.record(cpu, OfflinedCpuRegistry.Kind.TEMPORARY); // before the write: a kill -9 may follow
            }
            pending = p;
            writeStart = System.nanoTime();
            try {
                tree.writeCpuOnline(cpu, up);
            } catch (SysfsWriteException e) {
                pending = null;
                if (!up) {
                    registry.forget(cpu);
                }
                return new TransitionOutcome(cpu, up, false, TransitionOutcome.Result.REFUSED, begin,
                        System.nanoTime(), System.nanoTime() - writeStart, e.getMessage());
            }
            returned = System.nanoTime();
            p.writeReturnedNanos = returned;
            if (up) {
                forgetOwnRecord(cpu);
                offlinedByUs = offlinedByUs.without(cpu);
            } else {
                offlinedByUs = offlinedByUs.with(cpu);
            }
        } catch (HotplugRefusedException exiting) {
            return new TransitionOutcome(cpu, up, false, TransitionOutcome.Result.ERROR, begin, System.nanoTime(), 0,
                    exiting.getMessage());
        }
        boolean seen;
        try {
            seen = p.delivered.await(DELIVERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen = false;
        } finally {
            pending = null;
        }
        if (!seen) {
            return new TransitionOutcome(cpu, up, false, TransitionOutcome.Result.ERROR, begin, System.nanoTime(),
                    returned - writeStart, "the kernel changed cpu" + cpu + " but " + source.describe()
                    + " did not deliver it within " + DELIVERY_TIMEOUT_MS + " ms");
        }
        // detection latency: our write returned -> the systems were told (told now that the write time is known)
        listener.delivered(p.last, cpu, p.origin, returned, false);
        return new TransitionOutcome(cpu, up, false, TransitionOutcome.Result.DONE, begin, System.nanoTime(),
                returned - writeStart, "seen by " + p.origin);
    }

    /** Drops our own temporary record of {@code cpu}; anyone else's (a deliberate offline) stays. */
    private void forgetOwnRecord(int cpu) {
        long self = ProcessHandle.current().pid();
        registry.take(e -> e.cpu() == cpu && e.ownerPid() == self && e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY);
    }

    /** Bridge thread, after the chain returned. */
    private void onDelivered(HotplugEvent e) {
        Pending p = pending;
        boolean ours = p != null && p.cpu == e.cpu() && e.origin() != EventOrigin.CONTROLLER;
        if (ours) {
            if (e.action() == p.last) {
                p.origin = e.origin().label();
                p.delivered.countDown(); // the final action is reported by direct() with the write time
            }
            return;
        }
        boolean external = e.origin() != EventOrigin.CONTROLLER;
        if (external) {
            LOG.warn("cpu{} changed outside this run ({} by {}): its wrong-CPU works are excused around it",
                    e.cpu(), e.action(), e.origin().label());
        }
        listener.delivered(e.action(), e.cpu(), e.origin().label(), e.observedNanos(), external);
    }

    /** Brings back every CPU this run offlined, through the systems, then directly whatever is left. */
    @Override
    public CpuSet restore() {
        CpuSet todo;
        hotplugLock.writeLock().lock();
        try {
            todo = offlinedByUs;
        } finally {
            hotplugLock.writeLock().unlock();
        }
        todo.forEach(cpu -> {
            TransitionOutcome o = transition(cpu, true, false);
            if (!o.changed() && o.result() != TransitionOutcome.Result.ALREADY) {
                LOG.warn("bringing cpu{} back: {} {}", cpu, o.result(), o.detail());
            }
        });
        restorer.restoreOwnTemporary().forEach(r -> LOG.warn("restored directly: {}", r));
        CpuSet.Builder still = CpuSet.builder();
        todo.forEach(cpu -> {
            if (!tree.readCpuOnline(cpu).isOnline()) {
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
        guard.release(restorer);
    }
}
