package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CpuSysfsWriter;
import org.hotplugwq.linux.Errno;
import org.hotplugwq.linux.HotplugState;
import org.hotplugwq.linux.SysfsWriteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own CPU hotplug, announced to the bridge's notifier chain as the kernel's {@code cpu_up}/{@code cpu_down}
 * announce theirs:
 * <pre>
 *   offline(cpu): CPU_DOWN_PREPARE → write 0 to cpuN/online → CPU_DEAD      | CPU_DOWN_FAILED if refused
 *   online(cpu):  CPU_UP_PREPARE → [Hooks.beforeOnlineWrite] → write 1 → CPU_ONLINE | CPU_UP_CANCELED
 * </pre>
 * A BAD answer to a prepare sends the rollback to the notifiers already called and skips the write.
 * While a transition is in progress the CPU is claimed on the bridge, so the event sources' sighting of
 * our own write is not delivered a second time.
 *
 * <p>The write itself goes through the {@link GuardedHotplugWriter}: the CPU is recorded in the
 * {@link OfflinedCpuRegistry} before 0 is written, in one section of the {@link ExitGuard}; temporary ones are
 * brought back by {@link #close()}, by the guard's JVM shutdown hook (exit, Ctrl-C) or by the next command after
 * a {@code kill -9}, and once the process is exiting every transition is refused.
 * Transitions take the bridge's {@link CpuHotplugLock} write side: they wait for readers and are serialised
 * among themselves.
 */
public final class HotplugController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HotplugController.class);
    /** How long {@link #close()} waits for a transition in progress (as long as the exit hook waits). */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Test hooks, run on the controller's thread inside a transition.
     *
     * @param beforeOnlineWrite after {@code CPU_UP_PREPARE} was accepted and before 1 is written: a test can
     *     block here to hold the embryonic window ({@code embryonic_cpu}, seed S5) open
     * @param beforeOfflineWrite after the CPU was recorded in the state file and before 0 is written (inside
     *     the {@link ExitGuard} section): a test can block here to hold that window open
     */
    public record Hooks(IntConsumer beforeOnlineWrite, IntConsumer beforeOfflineWrite) {
        public static final Hooks NONE = new Hooks(cpu -> { }, cpu -> { });

        public Hooks {
            beforeOnlineWrite = beforeOnlineWrite == null ? cpu -> { } : beforeOnlineWrite;
            beforeOfflineWrite = beforeOfflineWrite == null ? cpu -> { } : beforeOfflineWrite;
        }
    }

    private final CpuSysfs sysfs;
    private final CpuSysfsWriter writer;
    private final HotplugBridge bridge;
    private final GuardedHotplugWriter guarded;
    private final Hooks hooks;
    private volatile Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    /** A controller whose transitions share this process's {@link ExitGuard#forThisProcess() exit guard}. */
    public HotplugController(CpuSysfs sysfs, HotplugBridge bridge, OfflinedCpuRegistry registry) {
        this(sysfs, bridge, registry, ExitGuard.forThisProcess());
    }

    public HotplugController(CpuSysfs sysfs, HotplugBridge bridge, OfflinedCpuRegistry registry, ExitGuard guard) {
        this(sysfs, bridge, registry, guard, Hooks.NONE);
    }

    public HotplugController(CpuSysfs sysfs, HotplugBridge bridge, OfflinedCpuRegistry registry, ExitGuard guard,
                             Hooks hooks) {
        this.sysfs = sysfs;
        this.bridge = bridge;
        this.guarded = new GuardedHotplugWriter(sysfs, registry, guard);
        this.writer = guarded.writer();
        this.hooks = hooks == null ? Hooks.NONE : hooks;
    }

    public CpuSysfs sysfs() {
        return sysfs;
    }

    public HotplugBridge bridge() {
        return bridge;
    }

    public OfflinedCpuRegistry registry() {
        return guarded.registry();
    }

    /** How long {@link #close()} waits for a transition in progress before it gives up (default 30 s). */
    public void setCloseTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative close timeout: " + timeout);
        }
        this.closeTimeout = timeout;
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
        CpuSet present = sysfs.tryReadList("present").orElse(CpuSet.EMPTY);
        OptionalInt kernelMax = sysfs.kernelMax();
        CpuSet possible = sysfs.tryReadList("possible").orElse(present);
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
            if (!sysfs.hasOnlineFile(cpu)) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.NOT_HOTPLUGGABLE,
                        "cpu" + cpu + ": not hotpluggable (no " + sysfs.onlineFile(cpu) + ")");
            }
        }
        if (!online) {
            CpuSet nowOnline = sysfs.tryReadList("online").orElse(bridge.knownOnline());
            if (!nowOnline.isEmpty() && nowOnline.minus(cpus).isEmpty()) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.LAST_ONLINE_CPU,
                        "cpu" + cpus + ": refusing to offline the last online CPU (online: " + nowOnline + ")");
            }
        }
        if (checkWriteAccess) {
            for (int cpu = cpus.first(); cpu >= 0; cpu = cpus.next(cpu + 1)) {
                refuseOnAccessError(CpuSysfsWriter.writeAccessErrno(sysfs.onlineFile(cpu)), cpu);
            }
        }
    }

    private void refuseOnAccessError(int errno, int cpu) throws HotplugRefusedException {
        if (errno == Errno.EROFS) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.READ_ONLY_SYSFS,
                    "cpu" + cpu + ": sysfs is read-only here (" + sysfs.onlineFile(cpu)
                            + "; a container?): cannot hotplug");
        }
        if (errno == Errno.EACCES || errno == Errno.EPERM) {
            throw new HotplugRefusedException(HotplugRefusedException.Reason.PERMISSION_DENIED,
                    "cpu" + cpu + ": permission denied writing " + sysfs.onlineFile(cpu) + " (CPU hotplug needs root)");
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
        guarded.guard().checkOpen(cpu);
        try (CpuHotplugLock.WriteHold held = bridge.hotplugLock().writeLock()) {
            guarded.guard().checkOpen(cpu);
            check(CpuSet.of(cpu), up, true);
            CpuSysfs.OnlineFile now = sysfs.readCpuOnline(cpu);
            if (now.isOnline() == up && now != CpuSysfs.OnlineFile.MALFORMED) {
                if (up) {
                    guarded.registry().forget(cpu);
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
        }
    }

    private TransitionResult doOffline(int cpu, OfflinedCpuRegistry.Kind kind, OptionalInt failState)
            throws HotplugRefusedException {
        HotplugBridge.Prepared prepared = bridge.prepareForController(CpuAction.CPU_DOWN_PREPARE, cpu);
        if (prepared.result == NotifyResult.BAD) {
            return new TransitionResult(cpu, false, TransitionResult.Outcome.VETOED, 0,
                    "a notifier refused CPU_DOWN_PREPARE", 0);
        }
        GuardedHotplugWriter.Write w;
        try {
            w = guarded.offline(cpu, kind, hooks.beforeOfflineWrite(), (c, up) -> writeWithInjection(c, up, failState));
        } catch (HotplugRefusedException | RuntimeException e) { // exiting, or the write threw
            bridge.rollbackForController(prepared);
            throw e;
        }
        if (!w.ok()) {
            bridge.rollbackForController(prepared);
            return refusedOrThrow(cpu, false, w.refused(), w.nanos());
        }
        bridge.completeForController(CpuAction.CPU_DEAD, cpu, w.returnedNanos());
        return new TransitionResult(cpu, false, TransitionResult.Outcome.DONE, 0, "", w.nanos());
    }

    private TransitionResult doOnline(int cpu, OptionalInt failState) throws HotplugRefusedException {
        HotplugBridge.Prepared prepared = bridge.prepareForController(CpuAction.CPU_UP_PREPARE, cpu);
        if (prepared.result == NotifyResult.BAD) {
            return new TransitionResult(cpu, true, TransitionResult.Outcome.VETOED, 0,
                    "a notifier refused CPU_UP_PREPARE", 0);
        }
        GuardedHotplugWriter.Write w;
        try {
            hooks.beforeOnlineWrite().accept(cpu);
            w = guarded.online(cpu, GuardedHotplugWriter.Clears.ANY_RECORD, c -> { },
                    (c, up) -> writeWithInjection(c, up, failState));
        } catch (HotplugRefusedException | RuntimeException e) { // exiting, or the hook or the write threw
            bridge.rollbackForController(prepared);
            throw e;
        }
        if (!w.ok()) {
            bridge.rollbackForController(prepared);
            return refusedOrThrow(cpu, true, w.refused(), 0);
        }
        bridge.completeForController(CpuAction.CPU_ONLINE, cpu, w.returnedNanos());
        return new TransitionResult(cpu, true, TransitionResult.Outcome.DONE, 0, "", w.nanos());
    }

    private void writeWithInjection(int cpu, boolean up, OptionalInt failState) throws SysfsWriteException {
        if (failState.isEmpty()) {
            writer.writeCpuOnline(cpu, up);
            return;
        }
        try {
            writer.writeHotplugFail(cpu, failState.getAsInt());
        } catch (SysfsWriteException e) {
            throw new IllegalArgumentException("cpu" + cpu + ": the kernel does not accept hotplug state "
                    + failState.getAsInt() + " in hotplug/fail now: " + e.getMessage(), e);
        }
        try {
            writer.writeCpuOnline(cpu, up);
        } finally {
            clearFail(cpu);
        }
    }

    private void clearFail(int cpu) {
        try {
            writer.writeHotplugFail(cpu, -1);
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
                "kernel refused: " + Errno.description(e.errno()), writeNanos);
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
        ExitGuard guard = guarded.guard();
        try (CpuHotplugLock.WriteHold held = bridge.hotplugLock().writeLock()) {
            bridge.claim(cpu);
            try {
                return probeFailStatesClaimed(cpu, guard);
            } finally {
                bridge.release(cpu);
            }
        }
    }

    private FailStates probeFailStatesClaimed(int cpu, ExitGuard guard) throws HotplugRefusedException {
        check(CpuSet.of(cpu), false, true);
        if (!sysfs.readCpuOnline(cpu).isOnline()) {
            throw new IllegalStateException("cpu" + cpu + " must be online to probe fail states");
        }
        List<HotplugState> states = sysfs.hotplugStates();
        List<HotplugState> failOffline = new ArrayList<>();
        List<HotplugState> failOnline = new ArrayList<>();
        try (ExitGuard.Section section = guard.enter(cpu)) {
            guard.restoreAtExit(guarded.restorer());
            guarded.registry().record(cpu, OfflinedCpuRegistry.Kind.TEMPORARY);
        }
        try { // each step in its own section: at exit the hook waits for one step, and no step follows
            for (HotplugState s : states) {
                if (inSection(guard, cpu, () -> probeOne(cpu, s.number(), false))) {
                    failOffline.add(s);
                }
            }
            inSection(guard, cpu, () -> {
                setOnline(cpu, false);
                return true;
            });
            for (HotplugState s : states) {
                if (inSection(guard, cpu, () -> probeOne(cpu, s.number(), true))) {
                    failOnline.add(s);
                }
            }
        } finally {
            clearFail(cpu);
            setOnline(cpu, true);
            guarded.registry().forget(cpu);
        }
        return new FailStates(cpu, failOnline, failOffline);
    }

    private static boolean inSection(ExitGuard guard, int cpu, BooleanSupplier step) throws HotplugRefusedException {
        try (ExitGuard.Section section = guard.enter(cpu)) {
            return step.getAsBoolean();
        }
    }

    /** With the CPU in the opposite state of {@code up}: whether failing {@code state} stops the change. */
    private boolean probeOne(int cpu, int state, boolean up) {
        try {
            writer.writeHotplugFail(cpu, state);
        } catch (SysfsWriteException e) {
            return false; // the kernel does not accept this state here (atomic, no callback, DEAD, ...)
        }
        boolean failed = false;
        try {
            writer.writeCpuOnline(cpu, up);
        } catch (SysfsWriteException e) {
            failed = sysfs.readCpuOnline(cpu).isOnline() != up;
        } finally {
            clearFail(cpu);
        }
        if (!failed && sysfs.readCpuOnline(cpu).isOnline() == up) {
            setOnline(cpu, !up);
        }
        return failed;
    }

    private void setOnline(int cpu, boolean up) {
        SysfsWriteException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (sysfs.readCpuOnline(cpu).isOnline() == up) {
                return;
            }
            try {
                writer.writeCpuOnline(cpu, up);
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
     *
     * <p>Waits for a transition in progress (and for {@link CpuHotplugLock} readers) at most the
     * {@link #setCloseTimeout close timeout}: a transition that never ends (a notifier or a hook stuck) must not
     * hang the caller's shutdown.
     *
     * @throws IllegalStateException when the wait timed out or was interrupted: nothing was restored, and the
     *         exit guard still brings the temporary CPUs back when the process ends
     */
    @Override
    public void close() {
        if (bridge.hotplugLock().heldByCurrentThread() || bridge.isBridgeThread()) {
            restoreOwnTemporary(); // the lock would wait for this very thread: each online refuses, as before
            return;
        }
        Duration timeout = closeTimeout;
        CpuHotplugLock.WriteHold held;
        try {
            held = bridge.hotplugLock().tryWriteLock(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("close: interrupted while waiting for a hotplug transition; cpu "
                    + ownTemporaryCpus() + " left to the exit guard", e);
        }
        if (held == null) {
            throw new IllegalStateException("close: a hotplug transition or a cpus_read_lock holder did not"
                    + " finish within " + timeout.toMillis() + " ms; cpu " + ownTemporaryCpus()
                    + " left to the exit guard");
        }
        try (held) { // reentrant: the transitions below take it again
            restoreOwnTemporary();
        }
    }

    private CpuSet ownTemporaryCpus() {
        CpuSet cpus = CpuSet.EMPTY;
        for (OfflinedCpuRegistry.Entry e : guarded.registry().entries()) {
            if (e.kind() == OfflinedCpuRegistry.Kind.TEMPORARY && e.ownerPid() == ProcessHandle.current().pid()) {
                cpus = cpus.with(e.cpu());
            }
        }
        return cpus;
    }

    private void restoreOwnTemporary() {
        for (OfflinedCpuRegistry.Entry e : guarded.registry().entries()) {
            if (guarded.guard().isClosing()) {
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
        guarded.restorer().restoreOwnTemporary(); // whatever the chain route left (e.g. vetoed)
        guarded.guard().release(guarded.restorer());
    }
}
