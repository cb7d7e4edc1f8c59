package org.hotplugwq.stress.machine;

import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.CpuHotplugLock;
import org.hotplugwq.hotplug.EventOrigin;

/**
 * The machine a stress run hotplugs: its CPU platform, a way to change CPUs that announces each
 * transition to one notifier (the kernel's notifier chain), the read side of the hotplug lock, and the
 * promise to put back every CPU it offlined. Real (sysfs + the hotplug bridge) or simulated.
 */
public interface StressMachine extends AutoCloseable {

    MachineInfo info();

    CpuPlatform platform();

    /** The CPUs that can be offlined and onlined here. */
    CpuSet hotpluggableCpus();

    /** The CPUs online now, as the machine sees them. */
    CpuSet onlineCpus();

    /**
     * The CPUs this machine offlined and has not brought back yet: the only ones a run may bring online (a CPU
     * found offline otherwise is offline for someone else's reason).
     */
    CpuSet offlinedByThisRun();

    /**
     * Attaches the notifier every CPU action goes to, in order, one at a time, and the listener told of each
     * delivered action with its times (for detection latency). Call once, before any transition.
     */
    void attach(CpuNotifier notifier, DeliveryListener listener);

    /** {@code cpus_read_lock()} of the machine's {@link CpuHotplugLock}: while held, it starts no transition. */
    CpuHotplugLock.ReadHold readLock();

    /** Whether {@link #transition} can make the kernel fail a transition on purpose. */
    boolean canInjectFailures();

    /**
     * Offlines ({@code up == false}) or onlines {@code cpu}, announcing it to the attached notifier; with
     * {@code injectFailure} the transition is made to fail and be rolled back.
     */
    TransitionOutcome transition(int cpu, boolean up, boolean injectFailure);

    /** Brings back online every CPU this run offlined (through the notifier); returns the CPUs still offline. */
    CpuSet restore();

    /** Detaches and restores; never throws. */
    @Override
    void close();

    /** Told after the notifier returned for each delivered action. */
    @FunctionalInterface
    interface DeliveryListener {
        /**
         * @param origin who saw the transition (the controller, a poller, uevents; a simulated machine says
         *     which source it models)
         * @param observedNanos {@link System#nanoTime()} when the change was seen (for our own writes: when the
         *     write returned)
         * @param external the change was not made by this run (someone else hotplugged a CPU)
         */
        void delivered(org.hotplugwq.cpu.CpuAction action, int cpu, EventOrigin origin, long observedNanos,
                       boolean external);
    }
}
