package org.hotplugwq.linux;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Follows each CPU's hotplug through the kernel's {@code cpuhp:cpuhp_enter}/{@code cpuhp_exit} events and names the
 * moments the workqueue cares about (README, "Event sources"):
 * <ul>
 *   <li>{@link Listener#goingDown}: {@code sched_cpu_deactivate} entered on the way down: the scheduler is about to
 *       stop placing tasks there and push pinned ones off (the modern {@code CPU_DOWN_PREPARE}).</li>
 *   <li>{@link Listener#dead}: {@code takedown_cpu} returned 0: the CPU is dead; the kernel's dead callbacks (the
 *       2007 {@code CPU_DEAD} notifiers, called right after {@code __cpu_die}) run next.</li>
 *   <li>{@link Listener#online}: {@code sched_cpu_activate} returned 0, the last step before {@code CPUHP_ONLINE}:
 *       tasks can run there again.</li>
 *   <li>{@link Listener#failed}: a step returned an error or the transition turned back (a startup step while
 *       going down, a teardown step while coming up): the kernel rolls back.</li>
 * </ul>
 * An injected failure ({@code hotplug/fail}) fails its step before the step is traced, so a failed offline shows as
 * the turn back (and a non-zero return of the step that waited for the CPU's own thread). Not thread-safe: feed it
 * from one reader.
 */
public final class CpuhpTracker {
    static final String DEACTIVATE = "sched_cpu_deactivate";
    static final String ACTIVATE = "sched_cpu_activate";
    static final String TAKEDOWN = "takedown_cpu";

    /** Told of each moment, on the reader's thread, in the trace's order. */
    public interface Listener {
        /** The first traced step of a transition of {@code cpu} (down or up). */
        default void started(int cpu, boolean down, long nanos) {
        }

        /** Any traced step (for timelines). */
        default void step(int cpu, boolean down, String function, long nanos) {
        }

        /** {@code cpu} entered {@code sched_cpu_deactivate} on its way down: the kernel's CPU_DOWN_PREPARE point. */
        default void goingDown(int cpu, long nanos) {
        }

        /** {@code cpu}'s offline is complete ({@code takedown_cpu} returned): the kernel's CPU_DEAD point. */
        default void dead(int cpu, long nanos) {
        }

        /** {@code cpu} is active again ({@code sched_cpu_activate} returned): the kernel's CPU_ONLINE point. */
        default void online(int cpu, long nanos) {
        }

        /** The transition of {@code cpu} ({@code down}: an offline) failed and is being rolled back. */
        default void failed(int cpu, boolean down, long nanos) {
        }
    }

    private enum Phase { ONLINE, GOING_DOWN, OFFLINE, GOING_UP }

    private final Listener listener;
    private final IntPredicate onlineAtStart;
    private final Map<Integer, Phase> phases = new HashMap<>();
    private final Map<Integer, Boolean> failureReported = new HashMap<>();
    /** step number → callback name, learnt from the enters (an exit names only the number) */
    private final Map<Integer, String> functions = new HashMap<>();

    /** @param onlineAtStart whether a CPU was online when the trace started (its phase until its first step) */
    public CpuhpTracker(Listener listener, IntPredicate onlineAtStart) {
        this.listener = listener;
        this.onlineAtStart = onlineAtStart;
    }

    /** Feeds one event; events of other kinds are ignored. */
    public void accept(TraceEvent event) {
        if (event instanceof TraceEvent.CpuhpEnter e) {
            enter(e);
        } else if (event instanceof TraceEvent.CpuhpExit x) {
            exit(x);
        }
    }

    private Phase phase(int cpu) {
        return phases.computeIfAbsent(cpu, c -> onlineAtStart.test(c) ? Phase.ONLINE : Phase.OFFLINE);
    }

    private void enter(TraceEvent.CpuhpEnter e) {
        functions.put(e.step(), e.function());
        int cpu = e.cpu();
        boolean down = e.down();
        Phase phase = phase(cpu);
        if (down && phase == Phase.ONLINE) {
            begin(cpu, Phase.GOING_DOWN, true, e.nanos());
        } else if (!down && phase == Phase.OFFLINE) {
            begin(cpu, Phase.GOING_UP, false, e.nanos());
        } else if (!down && phase == Phase.GOING_DOWN) {
            fail(cpu, true, e.nanos()); // rolling back up
            phases.put(cpu, Phase.GOING_UP);
        } else if (down && phase == Phase.GOING_UP) {
            fail(cpu, false, e.nanos()); // rolling back down: still offline for the scheduler
            phases.put(cpu, Phase.OFFLINE);
        }
        listener.step(cpu, down, e.function(), e.nanos());
        if (down && DEACTIVATE.equals(e.function())) {
            listener.goingDown(cpu, e.nanos());
        }
    }

    private void begin(int cpu, Phase phase, boolean down, long nanos) {
        phases.put(cpu, phase);
        failureReported.put(cpu, false);
        listener.started(cpu, down, nanos);
    }

    private void fail(int cpu, boolean down, long nanos) {
        if (!Boolean.TRUE.equals(failureReported.get(cpu))) {
            failureReported.put(cpu, true);
            listener.failed(cpu, down, nanos);
        }
    }

    private void exit(TraceEvent.CpuhpExit x) {
        int cpu = x.cpu();
        String function = functions.get(x.step());
        Phase phase = phase(cpu);
        if (x.ret() != 0) {
            if (phase == Phase.GOING_DOWN) {
                fail(cpu, true, x.nanos());
            } else if (phase == Phase.GOING_UP) {
                fail(cpu, false, x.nanos());
            }
            return;
        }
        if (TAKEDOWN.equals(function)) {
            phases.put(cpu, Phase.OFFLINE);
            listener.dead(cpu, x.nanos());
        } else if (ACTIVATE.equals(function)) {
            phases.put(cpu, Phase.ONLINE);
            listener.online(cpu, x.nanos());
        }
    }
}
