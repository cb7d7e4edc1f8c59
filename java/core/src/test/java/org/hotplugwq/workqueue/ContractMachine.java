package org.hotplugwq.workqueue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.CpuPlatform;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.linux.LinuxCpuPlatform;

/**
 * A machine {@link WorkqueueContractTest} runs on: a platform, two of its CPUs (one that stays, one that is
 * hotplugged) and the notifier chain, driven in the kernel's order. On the simulated platform the CPU really goes
 * down between the prepare and the result; on Linux it stays up (no root needed, nothing else disturbed) and only
 * the actions are delivered, so the policies' sequences run against real affinity.
 */
final class ContractMachine {
    /** The platforms of the contract: one row each. */
    enum Kind {
        SIMULATED(() -> new SimulatedCpuPlatform(4, 11)),
        LINUX(LinuxCpuPlatform::create);

        private final Supplier<CpuPlatform> platform;

        Kind(Supplier<CpuPlatform> platform) {
            this.platform = platform;
        }

        /** Why this platform cannot run here, or null. */
        String unavailable() {
            String only = System.getProperty("hotplugwq.contract.platforms"); // e.g. "simulated" (mutation testing)
            String me = name().toLowerCase(Locale.ROOT);
            if (only != null && !List.of(only.toLowerCase(Locale.ROOT).split(",")).contains(me)) {
                return "left out by -Dhotplugwq.contract.platforms=" + only;
            }
            if (this == LINUX) {
                if (!System.getProperty("os.name").startsWith("Linux")) {
                    return "needs Linux";
                }
                CpuPlatform p = platform.get();
                CpuSet usable = p.onlineCpus().intersect(p.allowedCpus());
                if (usable.cardinality() < 2) {
                    return "needs two online CPUs this process may use, has " + usable;
                }
            }
            return null;
        }

        ContractMachine create() {
            return new ContractMachine(platform.get());
        }
    }

    final CpuPlatform platform;
    /** The CPU that stays online. */
    final int stayer;
    /** The CPU that goes down and comes back. */
    final int victim;
    private final List<CpuNotifier> chain = new ArrayList<>();

    private ContractMachine(CpuPlatform platform) {
        this.platform = platform;
        CpuSet usable = platform.onlineCpus().intersect(platform.allowedCpus());
        this.stayer = usable.first();
        this.victim = usable.last();
    }

    WorkqueueSystem system(HotplugPolicy policy, ExecutionObserver observer, WorkFailureHandler failures) {
        WorkqueueSystem.Builder b = WorkqueueSystem.builder(platform).policy(policy).observer(observer);
        if (failures != null) {
            b.failureHandler(failures);
        }
        WorkqueueSystem sys = b.build();
        chain.add(sys);
        return sys;
    }

    /** CPU_DOWN_PREPARE → the victim goes down (simulated) → CPU_DEAD. */
    void offline() {
        send(CpuAction.CPU_DOWN_PREPARE);
        if (platform instanceof SimulatedCpuPlatform) {
            ((SimulatedCpuPlatform) platform).setOnline(victim, false);
        }
        send(CpuAction.CPU_DEAD);
    }

    /** CPU_UP_PREPARE → the victim comes up (simulated) → CPU_ONLINE; CPU_UP_CANCELED when a notifier refuses. */
    boolean online() {
        List<CpuNotifier> called = new ArrayList<>();
        for (CpuNotifier n : List.copyOf(chain)) {
            called.add(n);
            if (n.onCpuAction(CpuAction.CPU_UP_PREPARE, victim) == NotifyResult.BAD) {
                called.forEach(c -> c.onCpuAction(CpuAction.CPU_UP_CANCELED, victim));
                return false;
            }
        }
        if (platform instanceof SimulatedCpuPlatform) {
            ((SimulatedCpuPlatform) platform).setOnline(victim, true);
        }
        send(CpuAction.CPU_ONLINE);
        return true;
    }

    void send(CpuAction action) {
        for (CpuNotifier n : List.copyOf(chain)) {
            n.onCpuAction(action, victim);
        }
    }
}
