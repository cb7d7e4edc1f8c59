package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The moments of a transition, from the kernel's cpuhp steps (captured, and made-up failures). */
class CpuhpTrackerTest {
    private final List<String> seen = new ArrayList<>();

    private final CpuhpTracker.Listener recorder = new CpuhpTracker.Listener() {
        @Override
        public void started(int cpu, boolean down, long nanos) {
            seen.add((down ? "down" : "up") + " cpu" + cpu + " @" + nanos / 1000);
        }

        @Override
        public void goingDown(int cpu, long nanos) {
            seen.add("goingDown cpu" + cpu + " @" + nanos / 1000);
        }

        @Override
        public void dead(int cpu, long nanos) {
            seen.add("dead cpu" + cpu + " @" + nanos / 1000);
        }

        @Override
        public void online(int cpu, long nanos) {
            seen.add("online cpu" + cpu + " @" + nanos / 1000);
        }

        @Override
        public void failed(int cpu, boolean down, long nanos) {
            seen.add("failed " + (down ? "offline" : "online") + " cpu" + cpu + " @" + nanos / 1000);
        }
    };

    @Test
    void aRealOfflineThenOnline() throws Exception {
        CpuhpTracker t = new CpuhpTracker(recorder, cpu -> true);
        TraceLineParserTest.capturedEvents().forEach(t::accept);
        assertThat(seen).containsExactly(
                "down cpu1 @13843868081",      // cpuhp_kick_ap_work entered
                "goingDown cpu1 @13843872050", // sched_cpu_deactivate entered
                "dead cpu1 @13843907978",      // takedown_cpu returned
                "up cpu1 @13844608594",        // smpboot_create_threads entered
                "online cpu1 @13844620647");   // sched_cpu_activate returned
    }

    private static TraceEvent enter(long micros, int target, int step, String fn) {
        return new TraceEvent.CpuhpEnter(micros * 1000, 1, 1, target, step, fn, false);
    }

    private static TraceEvent exit(long micros, int step, int ret) {
        return new TraceEvent.CpuhpExit(micros * 1000, 1, 1, step - 1, step, ret);
    }

    @Test
    void anOfflineThatTurnsBackFailsOnceAndEndsOnline() {
        CpuhpTracker t = new CpuhpTracker(recorder, cpu -> true);
        List.of(enter(1, 144, 236, "cpuhp_kick_ap_work"), enter(2, 144, 235, "sched_cpu_deactivate"),
                exit(3, 235, 0), enter(4, 144, 194, "vmstat_cpu_down_prep"), exit(5, 194, 0),
                // hotplug/fail at workqueue:online: that step is not traced; the CPU's thread rolls back up
                enter(6, 236, 194, "vmstat_cpu_online"), exit(7, 194, 0), enter(8, 236, 235, "sched_cpu_activate"),
                exit(9, 235, 0), exit(10, 236, -11)).forEach(t::accept);
        assertThat(seen).containsExactly("down cpu1 @1", "goingDown cpu1 @2", "failed offline cpu1 @6",
                "online cpu1 @9");
    }

    @Test
    void aStepReturningAnErrorFailsTheTransition() {
        CpuhpTracker t = new CpuhpTracker(recorder, cpu -> false);
        List.of(enter(1, 236, 1, "smpboot_create_threads"), exit(2, 1, 0), enter(3, 236, 36, "workqueue_prepare_cpu"),
                exit(4, 36, -12), enter(5, 0, 1, "smpboot_threads_teardown"), exit(6, 1, 0)).forEach(t::accept);
        assertThat(seen).containsExactly("up cpu1 @1", "failed online cpu1 @4");
        // still offline: the next online starts afresh
        seen.clear();
        t.accept(enter(7, 236, 1, "smpboot_create_threads"));
        assertThat(seen).containsExactly("up cpu1 @7");
    }

    @Test
    void deadCallbacksAfterTakedownDoNotStartAnotherTransition() {
        CpuhpTracker t = new CpuhpTracker(recorder, cpu -> true);
        List.of(enter(1, 0, 144, "takedown_cpu"), exit(2, 144, 0), enter(3, 0, 58, "timers_dead_cpu"),
                exit(4, 58, 0)).forEach(t::accept);
        assertThat(seen).containsExactly("down cpu1 @1", "dead cpu1 @2");
    }
}
