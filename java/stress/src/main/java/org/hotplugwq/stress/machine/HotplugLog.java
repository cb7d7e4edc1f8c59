package org.hotplugwq.stress.machine;

import java.util.ArrayList;
import java.util.List;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.EventOrigin;

/** Every hotplug operation of the run and every action delivered, in order, for stats, windows and the timeline. */
public final class HotplugLog {
    /** One delivered action. */
    public record Delivery(CpuAction action, int cpu, EventOrigin origin, long observedNanos, long deliveredNanos,
                    boolean external) {
    }

    private final List<TransitionOutcome> operations = new ArrayList<>(); // guarded by this
    private final List<Delivery> deliveries = new ArrayList<>();          // guarded by this
    private CpuSet foreign = CpuSet.EMPTY;                                // guarded by this

    synchronized void operation(TransitionOutcome op) {
        operations.add(op);
    }

    public synchronized void delivered(CpuAction action, int cpu, EventOrigin origin, long observedNanos,
                                       long deliveredNanos, boolean external) {
        deliveries.add(new Delivery(action, cpu, origin, observedNanos, deliveredNanos, external));
        if (external) {
            foreign = foreign.with(cpu);
        }
    }

    /** The CPUs someone else changed during the run (an action delivered as external). */
    synchronized CpuSet foreignCpus() {
        return foreign;
    }

    public synchronized List<TransitionOutcome> operations() {
        return List.copyOf(operations);
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Operations that changed a CPU (what "hotplug ops" means in the progress line). */
    public synchronized long changedCount() {
        return operations.stream().filter(TransitionOutcome::changed).count();
    }
}
