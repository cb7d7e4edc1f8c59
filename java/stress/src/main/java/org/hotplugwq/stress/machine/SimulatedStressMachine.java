package org.hotplugwq.stress.machine;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.hotplug.CpuHotplugLock;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.hotplug.EventSourceKind;

/**
 * Virtual CPUs hotplugged the way {@code RealStressMachine} does it on a real machine. An ordinary operation
 * is a "write" that takes the kernel a while (the CPU changes inside it), then the change is "seen" after a
 * detection delay like the event source's (uevent: tens of µs; {@code poll:I}: up to I) and delivered as an
 * observed change is: {@code CPU_DEAD}, or {@code CPU_UP_PREPARE} + {@code CPU_ONLINE}. An operation with an
 * injected failure is announced, as the controller does it: prepare, the kernel refuses, the rollback.
 * Every CPU but cpu0 is hotpluggable, like the usual x86 box.
 */
public final class SimulatedStressMachine implements StressMachine {
    private final SimulatedCpuPlatform platform;
    private final String reason;
    private final long kernelMinNanos;
    private final long kernelMaxNanos;
    private final SplittableRandom kernelTime;
    private final long detectMinNanos;
    private final long detectMaxNanos;
    private final EventOrigin origin;
    private final CpuHotplugLock hotplugLock = new CpuHotplugLock(); // notifiers run on the writer's thread
    private CpuNotifier notifier = (a, c) -> NotifyResult.OK; // guarded by hotplugLock's write side once attached
    private DeliveryListener listener = (a, c, o, t, x) -> { };
    private volatile CpuSet offlinedByUs = CpuSet.EMPTY;      // written under hotplugLock's write side

    /**
     * @param reason why the run is simulated, for the banner
     * @param kernelMinNanos shortest simulated kernel transition (the real ones take ~20 ms)
     */
    public SimulatedStressMachine(int cpus, long seed, String reason, long kernelMinNanos, long kernelMaxNanos,
                                  EventSourceKind source, long pollNanos) {
        if (cpus < 2) {
            throw new IllegalArgumentException("a simulated stress run needs at least 2 CPUs, got " + cpus);
        }
        this.platform = new SimulatedCpuPlatform(cpus, seed);
        this.reason = reason;
        this.kernelMinNanos = kernelMinNanos;
        this.kernelMaxNanos = Math.max(kernelMinNanos, kernelMaxNanos);
        this.kernelTime = new SplittableRandom(seed ^ 0x5DEECE66DL);
        boolean polled = source != EventSourceKind.UEVENT;
        this.origin = polled ? EventOrigin.POLL : EventOrigin.UEVENT;
        this.detectMinNanos = polled ? 0 : 20_000;
        this.detectMaxNanos = polled ? Math.max(1, pollNanos) : 200_000;
    }

    /** Kernel transitions of 0.3–1.5 ms; changes seen as {@code source} polling every {@code pollNanos} would. */
    public SimulatedStressMachine(int cpus, long seed, String reason, EventSourceKind source, long pollNanos) {
        this(cpus, seed, reason, 300_000, 1_500_000, source, pollNanos);
    }

    @Override
    public MachineInfo info() {
        return new MachineInfo(platform.possibleCpus().cardinality(), "simulated",
                System.getProperty("os.arch"), "simulated", platform.name(), true, reason);
    }

    @Override
    public CpuPlatform platform() {
        return platform;
    }

    @Override
    public CpuSet hotpluggableCpus() {
        return platform.possibleCpus().without(0);
    }

    @Override
    public CpuSet onlineCpus() {
        return platform.onlineCpus();
    }

    @Override
    public CpuSet offlinedByThisRun() {
        return offlinedByUs;
    }

    @Override
    public void attach(CpuNotifier notifier, DeliveryListener listener) {
        try (CpuHotplugLock.WriteHold held = hotplugLock.writeLock()) {
            this.notifier = notifier;
            this.listener = listener;
        }
    }

    @Override
    public CpuHotplugLock.ReadHold readLock() {
        return hotplugLock.readLock();
    }

    @Override
    public boolean canInjectFailures() {
        return true;
    }

    @Override
    public TransitionOutcome transition(int cpu, boolean up, boolean injectFailure) {
        if (!hotpluggableCpus().contains(cpu)) {
            throw new IllegalArgumentException("cpu" + cpu + " is not hotpluggable here");
        }
        try (CpuHotplugLock.WriteHold held = hotplugLock.writeLock()) {
            long begin = System.nanoTime();
            if (platform.isOnline(cpu) == up) {
                return new TransitionOutcome(cpu, up, injectFailure, TransitionResult.Outcome.ALREADY, begin,
                        System.nanoTime(), 0, "already " + (up ? "online" : "offline"));
            }
            if (!up && platform.onlineCpus().cardinality() == 1) {
                throw new IllegalArgumentException("cpu" + cpu + " is the last online CPU");
            }
            return injectFailure ? announcedFailure(cpu, up, begin) : observed(cpu, up, begin);
        }
    }

    /** The write, the kernel's time (the CPU changes halfway), the source's delay, then the observed actions. */
    private TransitionOutcome observed(int cpu, boolean up, long begin) {
        long writeStart = System.nanoTime();
        long kernel = between(kernelMinNanos, kernelMaxNanos);
        LockSupport.parkNanos(kernel / 2); // models the kernel's own work, not a synchronisation
        platform.setOnline(cpu, up);
        offlinedByUs = up ? offlinedByUs.without(cpu) : offlinedByUs.with(cpu);
        LockSupport.parkNanos(kernel - kernel / 2);
        long returned = System.nanoTime();
        LockSupport.parkNanos(between(detectMinNanos, detectMaxNanos)); // until the source sees it
        if (up) {
            if (send(CpuAction.CPU_UP_PREPARE, cpu, returned) == NotifyResult.BAD) {
                return new TransitionOutcome(cpu, true, false, TransitionResult.Outcome.VETOED, begin,
                        System.nanoTime(), returned - writeStart, "up but refused by a notifier");
            }
            send(CpuAction.CPU_ONLINE, cpu, returned);
        } else {
            send(CpuAction.CPU_DEAD, cpu, returned);
        }
        return new TransitionOutcome(cpu, up, false, TransitionResult.Outcome.DONE, begin, System.nanoTime(),
                returned - writeStart, "seen by " + origin.label());
    }

    /** As the controller does it: prepare, the kernel refuses, the rollback. */
    private TransitionOutcome announcedFailure(int cpu, boolean up, long begin) {
        CpuAction prepare = up ? CpuAction.CPU_UP_PREPARE : CpuAction.CPU_DOWN_PREPARE;
        if (send(prepare, cpu, begin) == NotifyResult.BAD) { // the notifier rolled itself back
            return new TransitionOutcome(cpu, up, true, TransitionResult.Outcome.VETOED, begin, System.nanoTime(), 0,
                    "a notifier refused " + prepare);
        }
        long writeStart = System.nanoTime();
        LockSupport.parkNanos(between(kernelMinNanos, kernelMaxNanos));
        long returned = System.nanoTime();
        send(prepare.rollback(), cpu, returned);
        return new TransitionOutcome(cpu, up, true, TransitionResult.Outcome.KERNEL_REFUSED, begin, System.nanoTime(),
                returned - writeStart, "injected failure: EBUSY");
    }

    private long between(long min, long max) {
        return max > min ? min + kernelTime.nextLong(max - min) : min;
    }

    private NotifyResult send(CpuAction action, int cpu, long observedNanos) {
        NotifyResult r = notifier.onCpuAction(action, cpu);
        listener.delivered(action, cpu, origin, observedNanos, false);
        return r;
    }

    @Override
    public CpuSet restore() {
        CpuSet todo;
        try (CpuHotplugLock.WriteHold held = hotplugLock.writeLock()) {
            todo = offlinedByUs;
        }
        todo.forEach(cpu -> transition(cpu, true, false));
        return todo.minus(platform.onlineCpus());
    }

    @Override
    public void close() {
        restore();
    }
}
