package org.hotplugwq.stress.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.hotplugwq.linux.CpuhpTracker;
import org.hotplugwq.linux.TraceEvent;

/** What the reader collected: every context switch, and each CPU's transitions as the kernel's cpuhp steps tell. */
final class KernelRecording implements Consumer<TraceEvent> {
    /**
     * One transition of a CPU as the kernel logged it.
     *
     * @param endNanos {@code takedown_cpu} returned (an offline), {@code sched_cpu_activate} returned (an online, or
     *     the end of a failed offline's rollback); -1 while not seen
     * @param failedNanos when it failed, -1 if it did not
     */
    record Transition(int cpu, boolean down, long startNanos, long endNanos, long failedNanos) {
        boolean failed() {
            return failedNanos >= 0;
        }
    }

    /** A named moment for the timeline. */
    record Milestone(long nanos, int cpu, String name) {
    }

    final SwitchLog switches = new SwitchLog();
    final List<Transition> transitions = new ArrayList<>();
    final List<Milestone> milestones = new ArrayList<>();
    long cpuhpEvents;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;
    private final Map<Integer, Integer> open = new HashMap<>(); // cpu → index in transitions
    private final CpuhpTracker tracker;

    KernelRecording(IntPredicate onlineAtStart) {
        this.tracker = new CpuhpTracker(new CpuhpTracker.Listener() {
            @Override
            public void started(int cpu, boolean down, long nanos) {
                open.put(cpu, transitions.size());
                transitions.add(new Transition(cpu, down, nanos, -1, -1));
                milestones.add(new Milestone(nanos, cpu, down ? "offline begins" : "online begins"));
            }

            @Override
            public void goingDown(int cpu, long nanos) {
                milestones.add(new Milestone(nanos, cpu, "sched_cpu_deactivate"));
            }

            @Override
            public void dead(int cpu, long nanos) {
                end(cpu, nanos);
                milestones.add(new Milestone(nanos, cpu, "takedown_cpu"));
            }

            @Override
            public void online(int cpu, long nanos) {
                end(cpu, nanos);
                milestones.add(new Milestone(nanos, cpu, "sched_cpu_activate"));
            }

            @Override
            public void failed(int cpu, boolean down, long nanos) {
                Integer i = open.get(cpu);
                if (i != null) {
                    Transition t = transitions.get(i);
                    transitions.set(i, new Transition(t.cpu(), t.down(), t.startNanos(), down ? -1 : nanos, nanos));
                    if (!down) {
                        open.remove(cpu); // a failed online ends with the CPU still offline
                    }
                }
                milestones.add(new Milestone(nanos, cpu, (down ? "offline" : "online") + " failed"));
            }
        }, onlineAtStart);
    }

    private void end(int cpu, long nanos) {
        Integer i = open.remove(cpu);
        if (i != null) {
            Transition t = transitions.get(i);
            transitions.set(i, new Transition(t.cpu(), t.down(), t.startNanos(), nanos, t.failedNanos()));
        }
    }

    @Override
    public void accept(TraceEvent e) {
        firstNanos = Math.min(firstNanos, e.nanos());
        lastNanos = Math.max(lastNanos, e.nanos());
        if (e instanceof TraceEvent.SchedSwitch s) {
            switches.add(s.nanos(), s.traceCpu(), s.prevPid(), s.nextPid());
        } else {
            cpuhpEvents++;
            tracker.accept(e);
        }
    }
}
