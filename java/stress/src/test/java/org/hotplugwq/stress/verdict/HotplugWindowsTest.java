package org.hotplugwq.stress.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.workqueue.WorkerState;
import org.junit.jupiter.api.Test;

/** The hotplug windows of one policy's system and the cause rules of a wrong-CPU execution. */
class HotplugWindowsTest {

    private static TransitionOutcome op(int cpu, boolean up, long begin, long end, TransitionResult.Outcome r) {
        return new TransitionOutcome(cpu, up, false, r, begin, end, end - begin, "");
    }

    @Test
    void windowsSpanFromTheOfflineToTheEndOfTheOnlineAndCausesFollowTheRules() {
        HotplugWindows w = new HotplugWindows(List.of(
                op(1, false, 100, 120, TransitionResult.Outcome.DONE),
                op(1, true, 200, 220, TransitionResult.Outcome.DONE),
                op(1, false, 300, 320, TransitionResult.Outcome.KERNEL_REFUSED)), List.of(), CpuSet.EMPTY, 0,
                List.of(new CallbackTimings.DeadCallback(1, 112, 116)));
        assertThat(w.unstable(1, 150, 150)).isTrue();
        assertThat(w.unstable(1, 219, 219)).isTrue();
        assertThat(w.unstable(1, 250, 260)).isFalse();
        assertThat(w.unstable(1, 250, 301)).isTrue();
        assertThat(w.unstable(2, 150, 150)).isFalse();

        assertThat(w.classify(exec(1, 0, 0, WorkerState.BOUND, 110))).isEqualTo(WrongCpuCause.DETECTION_WINDOW);
        assertThat(w.classify(exec(1, 0, 0, WorkerState.DRAINING, 150))).isEqualTo(WrongCpuCause.DRAINING_OR_UNBOUND);
        assertThat(w.classify(exec(1, 0, 0, WorkerState.MOVED_BY_TAKEOVER, 500)))
                .isEqualTo(WrongCpuCause.MOVED_BY_TAKEOVER);
        assertThat(w.classify(exec(1, 1, 0, WorkerState.BOUND, 95))).isEqualTo(WrongCpuCause.MIGRATED_MID_WORK);
        assertThat(w.classify(exec(1, 0, 0, WorkerState.UNBOUND, 250))).isEqualTo(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT);
    }

    /**
     * README, cause {@code detectionWindow}: the detection window runs from the offline (the write) to this
     * system's CPU_DEAD, no further.
     */
    @Test
    void aBoundWorkerOffItsCpuAfterCpuDeadHasNoHotplugExcuse() {
        List<TransitionOutcome> ops = List.of(
                op(1, false, 100, 120, TransitionResult.Outcome.DONE),
                op(1, true, 200, 220, TransitionResult.Outcome.DONE));
        HotplugWindows w = new HotplugWindows(ops, List.of(), CpuSet.EMPTY, 0,
                List.of(new CallbackTimings.DeadCallback(1, 112, 116)));
        assertThat(w.detecting(1, 100, 100)).isTrue();
        assertThat(w.detecting(1, 116, 116)).isTrue();
        assertThat(w.detecting(1, 117, 199)).isFalse(); // CPU down, CPU_DEAD delivered: no bound worker there
        assertThat(w.detecting(1, 200, 200)).isTrue();  // the online opens at the write
        assertThat(w.detecting(1, 221, 300)).isFalse();
        assertThat(w.classify(exec(1, 0, 0, WorkerState.BOUND, 116))).isEqualTo(WrongCpuCause.DETECTION_WINDOW);
        assertThat(w.classify(exec(1, 0, 0, WorkerState.BOUND, 130))).isEqualTo(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT);
        assertThat(w.classify(exec(1, 0, 0, WorkerState.BOUND, 210))).isEqualTo(WrongCpuCause.DETECTION_WINDOW);
        assertThat(w.classify(exec(1, 1, 0, WorkerState.BOUND, 150))).isEqualTo(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT);
        // a non-bound worker keeps the wide window: the CPU is down until the online's end
        assertThat(w.classify(exec(1, 0, 0, WorkerState.DRAINING, 180))).isEqualTo(WrongCpuCause.DRAINING_OR_UNBOUND);
        // so does a "bound" worker of a workqueue being destroyed: off the list, it heard no CPU_DEAD
        assertThat(w.classify(new WrongExecution(1, 0, 0, WorkerState.BOUND, 170, 180, 190, true)))
                .isEqualTo(WrongCpuCause.DRAINING_OR_UNBOUND);
        // the CPU_DEAD of another CPU, or of another offline, does not close this one
        HotplugWindows other = new HotplugWindows(ops, List.of(), CpuSet.EMPTY, 0,
                List.of(new CallbackTimings.DeadCallback(2, 112, 116), new CallbackTimings.DeadCallback(1, 90, 95)));
        assertThat(other.detecting(1, 118, 118)).isTrue(); // none found: closed at the operation's end (120)
        assertThat(other.detecting(1, 121, 121)).isFalse();
        assertThat(other.offlinesWithoutDead()).isEqualTo(1);
    }

    private static WrongExecution exec(int q, int start, int end, WorkerState state, long t) {
        return new WrongExecution(q, start, end, state, t - 5, t, t + 10, false);
    }
}
