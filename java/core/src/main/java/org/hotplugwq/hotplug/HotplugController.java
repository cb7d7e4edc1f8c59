package org.hotplugwq.hotplug;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.locks.Lock;
import java.util.function.IntConsumer;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own CPU hotplug, announced to the bridge's notifier chain as the kernel's {@code cpu_up}/{@code cpu_down}
 * announce theirs:
 * <pre>
 *   offline(cpu): CPU_DOWN_PREPARE → write 0 to cpuN/online → CPU_DEAD      | CPU_DOWN_FAILED if refused
 *   online(cpu):  CPU_UP_PREPARE → [beforeOnlineWrite hook] → write 1 → CPU_ONLINE | CPU_UP_CANCELED
 * </pre>
 * A BAD answer to a prepare sends the rollback to the notifiers already called and skips the write.
 * While a transition is in progress the CPU is claimed on the bridge, so the event sources' sighting of
 * our own write is not delivered a second time.
 *
 * <p>Before writing 0 the CPU is recorded in the {@link OfflinedCpuRegistry}; temporary ones are brought back
 * by {@link #close()}, by the {@link ExitGuard}'s JVM shutdown hook (exit, Ctrl-C) or by the next command after a
 * {@code kill -9}. The record and the write happen inside one {@link ExitGuard#enter section}, so the hook never
 * runs between them, and once the process is exiting every transition is refused.
 * Transitions wait for {@link CpuHotplugLock} readers and are serialised among themselves.
 */
public final class HotplugController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotplugController.class);

    private final SysfsCpuTree tree;
    private final HotplugBridge bridge;
    private final OfflinedCpuRegistry registry;
    private final MachineRestorer restorer;
    private final ExitGuard guard;
    private volatile IntConsumer beforeOnlineWrite = cpu -> { };
    private volatile IntConsumer beforeOfflineWrite = cpu -> { };

    /** A controller whose transitions share this process's {@link ExitGuard#forThisProcess() exit guard}. */
    public HotplugController(SysfsCpuTree tree, HotplugBridge bridge, OfflinedCpuRegistry registry) {
        this(tree, bridge, registry, ExitGuard.forThisProcess());
    }

    public HotplugController(SysfsCpuTree tree, HotplugBridge bridge, OfflinedCpuRegistry registry, ExitGuard guard) {
        this.tree = tree;
        this.bridge = bridge;
        this.registry = registry;
        this.restorer = new MachineRestorer(tree, registry);
        this.guard = guard;
    }

    public SysfsCpuTree tree() {
        return tree;
    }

    public HotplugBridge bridge() {
        return bridge;
    }

    public OfflinedCpuRegistry registry() {
        return registry;
    }

    /**
     * Runs on the controller's thread after {@code CPU_UP_PREPARE} was accepted and before 1 is written: a test
     * can block here to hold the embryonic window ({@code embryonic_cpu}, seed S5) open.
     */
    public void setBeforeOnlineWrite(IntConsumer hook) {
        this.beforeOnlineWrite = hook == null ? cpu -> { } : hook;
    }

    /**
     * Runs on the controller's thread after the CPU was recorded in the state file and before 0 is written
     * (inside the {@link ExitGuard} section): a test can block here to hold that window open.
     */
    public void setBeforeOfflineWrite(IntConsumer hook) {
        this.beforeOfflineWrite = hook == null ? cpu -> { } : hook;
    }

    // ---- refusals -------------------------------------------------------------------------------

    /** Parses a CPU id as typed by a user: {@code "1"} or {@code "cpu1"}. */
    public static int parseCpuId(String text) throws HotplugRefusedException {
        try {
            return CpuSet.parseCpu(text);
        } catch (IllegalArgumentException e) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.MALFORMED_ID,
                    "\"" + text + "\": not a CPU number");
        }
    }

    /**
     * Everything that makes us refuse to change {@code cpus}, checked before anything is changed.
     *
     * @param checkWriteAccess false for {@code --dry-run}, which writes nothing
     */
    public void check(CpuSet cpus, boolean online, boolean checkWriteAccess) throws HotplugRefusedException {
        CpuSet present = tree.tryReadList("present").orElse(CpuSet.EMPTY);
        OptionalInt kernelMax = tree.kernelMax();
        CpuSet possible = tree.tryReadList("possible").orElse(present);
        int max = kernelMax.isPresent() ? kernelMax.getAsInt() : possible.last();
        for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            if (cpu > max) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.OUT_OF_RANGE,
                        "cpu" + cpu + ": out of range (this kernel numbers CPUs 0-" + max + ")");
            }
            if (!present.contains(cpu)) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.NOT_PRESENT,
                        "cpu" + cpu + ": not present (present: " + present + ")");
            }
            if (!tree.isHotpluggable(cpu)) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.NOT_HOTPLUGGABLE,
                        "cpu" + cpu + ": not hotpluggable (no " + tree.onlineFile(cpu) + ")");
            }
        }
        if (!online) {
            CpuSet nowOnline = tree.tryReadList("online").orElse(bridge.knownOnline());
            if (!nowOnline.isEmpty() && nowOnline.minus(cpus).isEmpty()) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.LAST_ONLINE_CPU,
                        "cpu" + cpus + ": refusing to offline the last online CPU (online: " + nowOnline + ")");
            }
        }
        if (checkWriteAccess) {
            for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
                refuseOnAccessError(tree.writeAccessErrno(tree.onlineFile(cpu)), cpu);
            }
        }
    }

    private void refuseOnAccessError(int errno, int cpu) throws HotplugRefusedException {
        if (errno == Libc.EROFS) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.READ_ONLY_SYSFS,
                    "cpu" + cpu + ": sysfs is read-only here (" + tree.onlineFile(cpu)
                            + "; a container?): cannot hotplug");
        }
        if (errno == Libc.EACCES || errno == Libc.EPERM) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.PERMISSION_DENIED,
                    "cpu" + cpu + ": permission denied writing " + tree.onlineFile(cpu) + " (CPU hotplug needs root)");
        }
    }

    // ---- transitions ------------------------------------------------------------------------------

    /** Offlines {@code cpu} for this run: it comes back when this process ends, however it ends. */
    public TransitionResult offline(int cpu) throws HotplugRefusedException {
        return offline(cpu, OfflinedCpuRegistry.Kind.TEMPORARY);
    }

    public TransitionResult offline(int cpu, OfflinedCpuRegistry.Kind kind) throws HotplugRefusedException {
        return transition(cpu, false, kind, OptionalInt.empty());
    }

    public TransitionResult online(int cpu) throws HotplugRefusedException {
        return transition(cpu, true, OfflinedCpuRegistry.Kind.TEMPORARY, OptionalInt.empty());
    }

    /**
     * Offlines {@code cpu} with {@code cpuN/hotplug/fail} set to {@code failState}: when the state fails an
     * offline on this kernel the result is {@link TransitionResult.Outcome#KERNEL_REFUSED} after a real
     * {@code CPU_DOWN_FAILED}. The fail file is reset to -1 whatever happens.
     *
     * @throws IllegalArgumentException when the kernel does not accept {@code failState} for this CPU now
     */
    public TransitionResult offlineWithInjectedFailure(int cpu, int failState) throws HotplugRefusedException {
        return transition(cpu, false, OfflinedCpuRegistry.Kind.TEMPORARY, OptionalInt.of(failState));
    }

    /** As {@link #offlineWithInjectedFailure}, for an online: a real {@code CPU_UP_CANCELED}. */
    public TransitionResult onlineWithInjectedFailure(int cpu, int failState) throws HotplugRefusedException {
        return transition(cpu, true, OfflinedCpuRegistry.Kind.TEMPORARY, OptionalInt.of(failState));
    }

    private TransitionResult transition(int cpu, boolean up, OfflinedCpuRegistry.Kind kind, OptionalInt failState)
            throws HotplugRefusedException {
        if (bridge.isBridgeThread()) {
            throw new IllegalStateException("cpu" + cpu + ": a notifier callback cannot start a hotplug transition");
        }
        if (bridge.hotplugLock().heldByCurrentThread()) {
            throw new IllegalStateException("cpu" + cpu + ": this thread holds cpus_read_lock; a transition would"
                    + " wait for itself");
        }
        if (cpu < 0) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.MALFORMED_ID, "cpu" + cpu + ": negative");
        }
        guard.checkOpen(cpu);
        Lock writeLock = bridge.hotplugLock().writeLock();
        writeLock.lock();
        try {
            guard.checkOpen(cpu);
            check(CpuSet.of(cpu), up, true);
            SysfsCpuTree.OnlineFile now = tree.readCpuOnline(cpu);
            if (now.isOnline() == up && now != SysfsCpuTree.OnlineFile.MALFORMED) {
                if (up) {
                    registry.forget(cpu);
                }
                return new TransitionResult(cpu, up, TransitionResult.Outcome.ALREADY, 0,
                        "already " + (up ? "online" : "offline"), 0);
            }
            bridge.claim(cpu);
            try {
                return up ? doOnline(cpu, failState) : doOffline(cpu, kind, failState);
            } finally {
                bridge.release(cpu);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private TransitionResult doOffline(int cpu, OfflinedCpuRegistry.Kind kind, OptionalInt failState)
            throws HotplugRefusedException {
        HotplugBridge.Prepared prepared = bridge.prepareForController(CpuAction.CPU_DOWN_PREPARE, cpu);
        if (prepared.result == NotifyResult.BAD) {
            return new TransitionResult(cpu, false, TransitionResult.Outcome.VETOED, 0,
                    "a notifier refused CPU_DOWN_PREPARE", 0);
        }
        ExitGuard.Section section = enterOrRollBack(cpu, prepared);
        long start = 0;
        try (section) {
            if (kind == OfflinedCpuRegistry.Kind.TEMPORARY) {
                guard.restoreAtExit(restorer);
            }
            registry.record(cpu, kind); // in the section: the exit hook cannot take the record before the write
            try {
                beforeOfflineWrite.accept(cpu);
                start = System.nanoTime();
                writeWithInjection(cpu, false, failState);
            } catch (SysfsWriteException | RuntimeException e) {
                registry.forget(cpu);
                throw e;
            }
        } catch (SysfsWriteException e) {
            long returned = System.nanoTime();
            bridge.rollbackForController(prepared);
            return refusedOrThrow(cpu, false, e, returned - start);
        } catch (RuntimeException e) {
            bridge.rollbackForController(prepared);
            throw e;
        }
        long returned = System.nanoTime();
        bridge.completeForController(CpuAction.CPU_DEAD, cpu, returned);
        return new TransitionResult(cpu, false, TransitionResult.Outcome.DONE, 0, "", returned - start);
    }

    private TransitionResult doOnline(int cpu, OptionalInt failState) throws HotplugRefusedException {
        HotplugBridge.Prepared prepared = bridge.prepareForController(CpuAction.CPU_UP_PREPARE, cpu);
        if (prepared.result == NotifyResult.BAD) {
            return new TransitionResult(cpu, true, TransitionResult.Outcome.VETOED, 0,
                    "a notifier refused CPU_UP_PREPARE", 0);
        }
        long start;
        long returned;
        try {
            beforeOnlineWrite.accept(cpu);
        } catch (RuntimeException e) {
            bridge.rollbackForController(prepared);
            throw e;
        }
        try (ExitGuard.Section section = enterOrRollBack(cpu, prepared)) {
            try {
                start = System.nanoTime();
                writeWithInjection(cpu, true, failState);
            } catch (SysfsWriteException e) {
                bridge.rollbackForController(prepared);
                return refusedOrThrow(cpu, true, e, 0);
            } catch (RuntimeException e) {
                bridge.rollbackForController(prepared);
                throw e;
            }
            returned = System.nanoTime();
            registry.forget(cpu);
        }
        bridge.completeForController(CpuAction.CPU_ONLINE, cpu, returned);
        return new TransitionResult(cpu, true, TransitionResult.Outcome.DONE, 0, "", returned - start);
    }

    /** The exit guard's section for the write; when the process is exiting, the prepare is rolled back. */
    private ExitGuard.Section enterOrRollBack(int cpu, HotplugBridge.Prepared prepared) throws HotplugRefusedException {
        try {
            return guard.enter(cpu);
        } catch (HotplugRefusedException e) {
            bridge.rollbackForController(prepared);
            throw e;
        }
    }

    private void writeWithInjection(int cpu, boolean up, OptionalInt failState) throws SysfsWriteException {
        if (failState.isEmpty()) {
            tree.writeCpuOnline(cpu, up);
            return;
        }
        try {
            tree.writeFail(cpu, failState.getAsInt());
        } catch (SysfsWriteException e) {
            throw new IllegalArgumentException("cpu" + cpu + ": the kernel does not accept hotplug state "
                    + failState.getAsInt() + " in hotplug/fail now: " + e.getMessage(), e);
        }
        try {
            tree.writeCpuOnline(cpu, up);
        } finally {
            clearFail(cpu);
        }
    }

    private void clearFail(int cpu) {
        try {
            tree.writeFail(cpu, -1);
        } catch (SysfsWriteException e) {
            log.error("cpu{}: could not clear hotplug/fail: {}", cpu, e.getMessage());
        }
    }

    private TransitionResult refusedOrThrow(int cpu, boolean up, SysfsWriteException e, long writeNanos)
            throws HotplugRefusedException {
        if (e.isReadOnlyFileSystem() || e.isPermissionDenied()) {
            refuseOnAccessError(e.errno(), cpu);
        }
        return new TransitionResult(cpu, up, TransitionResult.Outcome.KERNEL_REFUSED, e.errno(),
                "kernel refused: " + Libc.C.strerror(e.errno()), writeNanos);
    }

    // ---- fault-injection calibration ------------------------------------------------------------

    /**
     * Tries every state of {@code hotplug/states} in {@code cpuN/hotplug/fail}, once with an offline and once
     * with an online, and reports which make the transition fail on this kernel. Takes a few seconds (two
     * real transitions per accepted state); {@code cpu} must be online and is online again afterwards. The
     * notifier chain is not told (the CPU is claimed throughout): this is calibration, not hotplug.
     */
    public FailStates probeFailStates(int cpu) throws HotplugRefusedException {
        if (bridge.hotplugLock().heldByCurrentThread() || bridge.isBridgeThread()) {
            throw new IllegalStateException("probeFailStates cannot run under cpus_read_lock or in a notifier");
        }
        Lock writeLock = bridge.hotplugLock().writeLock();
        writeLock.lock();
        bridge.claim(cpu);
        try {
            check(CpuSet.of(cpu), false, true);
            if (!tree.readCpuOnline(cpu).isOnline()) {
                throw new IllegalStateException("cpu" + cpu + " must be online to probe fail states");
            }
            List<HotplugState> states = tree.hotplugStates();
            List<HotplugState> failOffline = new ArrayList<>();
            List<HotplugState> failOnline = new ArrayList<>();
            try (ExitGuard.Section section = guard.enter(cpu)) {
                guard.restoreAtExit(restorer);
                registry.record(cpu, OfflinedCpuRegistry.Kind.TEMPORARY);
            }
            try { // each step in its own section: at exit the hook waits for one step, and no step follows
                for (HotplugState s : states) {
                    if (guarded(cpu, () -> probeOne(cpu, s.number(), false))) {
                        failOffline.add(s);
                    }
                }
                guarded(cpu, () -> {
                    setOnline(cpu, false);
                    return true;
                });
                for (HotplugState s : states) {
                    if (guarded(cpu, () -> probeOne(cpu, s.number(), true))) {
                        failOnline.add(s);
                    }
                }
            } finally {
                clearFail(cpu);
                setOnline(cpu, true);
                registry.forget(cpu);
            }
            return new FailStates(cpu, failOnline, failOffline);
        } finally {
            bridge.release(cpu);
            writeLock.unlock();
        }
    }

    private boolean guarded(int cpu, java.util.function.BooleanSupplier step) throws HotplugRefusedException {
        try (ExitGuard.Section section = guard.enter(cpu)) {
            return step.getAsBoolean();
        }
    }

    /** With the CPU in the opposite state of {@code up}: whether failing {@code state} stops the change. */
    private boolean probeOne(int cpu, int state, boolean up) {
        try {
            tree.writeFail(cpu, state);
        } catch (SysfsWriteException e) {
            return false; // the kernel does not accept this state here (atomic, no callback, DEAD, ...)
        }
        boolean failed = false;
        try {
            tree.writeCpuOnline(cpu, up);
        } catch (SysfsWriteException e) {
            failed = tree.readCpuOnline(cpu).isOnline() != up;
        } finally {
            clearFail(cpu);
        }
        if (!failed && tree.readCpuOnline(cpu).isOnline() == up) {
            setOnline(cpu, !up);
        }
        return failed;
    }

    private void setOnline(int cpu, boolean up) {
        SysfsWriteException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (tree.readCpuOnline(cpu).isOnline() == up) {
                return;
            }
            try {
                tree.writeCpuOnline(cpu, up);
                return;
            } catch (SysfsWriteException e) {
                last = e;
            }
        }
        throw new IllegalStateException("cpu" + cpu + ": could not put it " + (up ? "online" : "offline")
                + " again: " + (last == null ? "?" : last.getMessage()));
    }

    // ---- leaving the machine as found -------------------------------------------------------------

    /**
     * Brings back online, through the notifier chain, every CPU this process offlined temporarily, and tells
     * the exit guard there is nothing left to do for this controller. Deliberate offlines stay.
     */
    @Override
    public void close() {
        for (OfflinedCpuRegistry.Entry e : registry.entries()) {
            if (guard.isClosing()) {
                break; // exiting: transitions are refused, the direct restore below (and the hook) bring them back
            }
            if (e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY && e.ownerPid() == ProcessHandle.current().pid()) {
                try {
                    TransitionResult r = online(e.cpu());
                    if (!r.changed() && r.outcome() != TransitionResult.Outcome.ALREADY) {
                        log.warn("could not bring cpu{} back: {}", e.cpu(), r);
                    }
                } catch (HotplugRefusedException | RuntimeException ex) {
                    log.warn("could not bring cpu{} back: {}", e.cpu(), ex.getMessage());
                }
            }
        }
        restorer.restoreOwnTemporary(); // whatever the chain route left (e.g. vetoed)
        guard.release(restorer);
    }
}
