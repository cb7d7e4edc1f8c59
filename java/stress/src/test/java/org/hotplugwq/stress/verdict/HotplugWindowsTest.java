package org.hotplugwq.stress.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.DurationParser;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.machine.HotplugSchedule;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.stress.report.Wilson;
import org.hotplugwq.workqueue.WorkerState;
import org.junit.jupiter.api.Test;

/** The small pieces: the interval, the windows and the cause rules, duration parsing, the dry-run plan. */
class StressPiecesTest {

    @Test
    void wilsonIntervalMatchesTheTextbook() {
        double[] w = Wilson.interval95(10, 100);
        assertThat(w[0]).isCloseTo(0.0552, within(1e-3));
        assertThat(w[1]).isCloseTo(0.1744, within(1e-3));
        double[] zero = Wilson.interval95(0, 1000);
        assertThat(zero[0]).isZero();
        assertThat(zero[1]).isCloseTo(0.00383, within(1e-4));
    }

    private static TransitionOutcome op(int cpu, boolean up, long begin, long end, TransitionOutcome.Result r) {
        return new TransitionOutcome(cpu, up, false, r, begin, end, end - begin, "");
    }

    @Test
    void windowsSpanFromTheOfflineToTheEndOfTheOnlineAndCausesFollowTheRules() {
        HotplugWindows w = new HotplugWindows(List.of(
                op(1, false, 100, 120, TransitionOutcome.Result.DONE),
                op(1, true, 200, 220, TransitionOutcome.Result.DONE),
                op(1, false, 300, 320, TransitionOutcome.Result.REFUSED)), List.of(), CpuSet.EMPTY, 0,
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

    /** DESIGN §7: the detection window runs from the offline (the write) to this system's CPU_DEAD, no further. */
    @Test
    void aBoundWorkerOffItsCpuAfterCpuDeadHasNoHotplugExcuse() {
        List<TransitionOutcome> ops = List.of(
                op(1, false, 100, 120, TransitionOutcome.Result.DONE),
                op(1, true, 200, 220, TransitionOutcome.Result.DONE));
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
        assertThat(w.classify(new WrongExecution(1, 0, 0, WorkerState.BOUND, 170, 180, 190, false, true)))
                .isEqualTo(WrongCpuCause.DRAINING_OR_UNBOUND);
        // the CPU_DEAD of another CPU, or of another offline, does not close this one
        HotplugWindows other = new HotplugWindows(ops, List.of(), CpuSet.EMPTY, 0,
                List.of(new CallbackTimings.DeadCallback(2, 112, 116), new CallbackTimings.DeadCallback(1, 90, 95)));
        assertThat(other.detecting(1, 118, 118)).isTrue(); // none found: closed at the operation's end (120)
        assertThat(other.detecting(1, 121, 121)).isFalse();
        assertThat(other.offlinesWithoutDead()).isEqualTo(1);
    }

    private static WrongExecution exec(int q, int start, int end, WorkerState state, long t) {
        return new WrongExecution(q, start, end, state, t - 5, t, t + 10, false, false);
    }

    @Test
    void durationsParseAsUsersTypeThem() {
        assertThat(DurationParser.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("20us")).isEqualTo(Duration.ofNanos(20_000));
        assertThat(DurationParser.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationParser.parseRange("20ms-100ms")).containsExactly(Duration.ofMillis(20), Duration.ofMillis(100));
        assertThatThrownBy(() -> DurationParser.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDryRunPlanIsSeededAndNeverOfflinesTheLastCpu() {
        StressOptions o = StressOptions.builder().duration(Duration.ofSeconds(2)).seed(3).simulate(2)
                .interval(Duration.ofMillis(20), Duration.ofMillis(40)).build();
        List<String> a = HotplugSchedule.plan(CpuSet.of(1), CpuSet.of(0, 1), o, 20_000_000, true);
        List<String> b = HotplugSchedule.plan(CpuSet.of(1), CpuSet.of(0, 1), o, 20_000_000, true);
        assertThat(a).isEqualTo(b).hasSizeGreaterThan(20);
        assertThat(a.get(0)).contains("offline cpu1");
        assertThat(HotplugSchedule.plan(CpuSet.of(0), CpuSet.of(0), o, 20_000_000, false)).isEmpty();
    }
}
