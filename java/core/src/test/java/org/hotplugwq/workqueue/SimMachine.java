package org.hotplugwq.workqueue;

import java.util.ArrayList;
import java.util.List;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuNotifier;
import org.hotplugwq.cpu.NotifyResult;
import org.hotplugwq.cpu.SimulatedCpuPlatform;

/**
 * Test driver for simulated hotplug: the notifier chain and the "kernel" side of a transition, in the order
 * the real kernel runs them (prepare → the CPU changes → online/dead, or the rollback).
 */
final class SimMachine {
    final SimulatedCpuPlatform platform;
    private final List<CpuNotifier> chain = new ArrayList<>();

    SimMachine(int cpus, long seed) {
        this.platform = new SimulatedCpuPlatform(cpus, seed);
    }

    SimMachine(int cpus) {
        this(cpus, 42);
    }

    WorkqueueSystem system(HotplugPolicy policy) {
        return register(WorkqueueSystem.builder(platform).policy(policy).build());
    }

    WorkqueueSystem system(HotplugPolicy policy, ExecutionObserver observer) {
        return register(WorkqueueSystem.builder(platform).policy(policy).observer(observer).build());
    }

    <T extends CpuNotifier> T register(T notifier) {
        chain.add(notifier);
        return notifier;
    }

    /** CPU_DOWN_PREPARE → the CPU goes down → CPU_DEAD. */
    void offline(int cpu) {
        send(CpuAction.CPU_DOWN_PREPARE, cpu);
        platform.setOnline(cpu, false);
        send(CpuAction.CPU_DEAD, cpu);
    }

    /** CPU_UP_PREPARE → the CPU comes up → CPU_ONLINE; or CPU_UP_CANCELED when a notifier refuses. */
    boolean online(int cpu) {
        if (!prepareUp(cpu)) {
            return false;
        }
        finishUp(cpu);
        return true;
    }

    /** The first half of an online: CPU_UP_PREPARE only (the embryonic window stays open). */
    boolean prepareUp(int cpu) {
        List<CpuNotifier> called = new ArrayList<>();
        for (CpuNotifier n : List.copyOf(chain)) {
            called.add(n);
            if (n.onCpuAction(CpuAction.CPU_UP_PREPARE, cpu) == NotifyResult.BAD) {
                for (CpuNotifier c : called) {
                    c.onCpuAction(CpuAction.CPU_UP_CANCELED, cpu);
                }
                return false;
            }
        }
        return true;
    }

    /** The second half: the CPU comes up, then CPU_ONLINE. */
    void finishUp(int cpu) {
        platform.setOnline(cpu, true);
        send(CpuAction.CPU_ONLINE, cpu);
    }

    void send(CpuAction action, int cpu) {
        for (CpuNotifier n : List.copyOf(chain)) {
            n.onCpuAction(action, cpu);
        }
    }
}
