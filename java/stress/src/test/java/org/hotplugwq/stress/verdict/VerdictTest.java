package org.hotplugwq.stress.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.workqueue.WorkerState;
import org.junit.jupiter.api.Test;

/** Each invariant judged on its own evidence, and how the policy and run verdicts gather them. */
class VerdictTest {
    private static final Ledger.Counts CLEAN = new Ledger.Counts(100, 90, 10, 0, 0, 5, 0, 2, 0, List.of());

    /** cpu1 offlined over [100, 120] and back over [200, 220]; its CPU_DEAD returned at 116. */
    private static HotplugWindows windows() {
        return new HotplugWindows(List.of(
                new TransitionOutcome(1, false, false, TransitionResult.Outcome.DONE, 100, 120, 20, ""),
                new TransitionOutcome(1, true, false, TransitionResult.Outcome.DONE, 200, 220, 20, "")),
                List.of(), CpuSet.EMPTY, 0, List.of(new CallbackTimings.DeadCallback(1, 112, 116)));
    }

    /** One bound worker's work off cpu1 at {@code t}. */
    private static WrongExecution offCpu(long t) {
        return new WrongExecution(1, 0, 0, WorkerState.BOUND, t - 5, t, t + 10, false);
    }

    private static WrongCpuTally tally(long notClassified, WrongExecution... kept) {
        return WrongCpuTally.classify(kept.length + notClassified, notClassified, List.of(kept), windows(), 0);
    }

    private static PolicyEvidence evidence(Ledger.Counts ledger, long lost, WrongCpuTally wrong, long workFailures,
                                           boolean runHung, String shutdownError) {
        return new PolicyEvidence("drain", ledger, lost, wrong, workFailures, runHung, shutdownError);
    }

    private static PolicyEvidence clean() {
        return evidence(CLEAN, 0, tally(0, offCpu(110)), 0, false, null);
    }

    @Test
    void aCleanPolicyKeepsEveryInvariantInReportOrder() {
        PolicyVerdict v = PolicyVerdict.of(clean());
        assertThat(v.held()).doesNotContainValue(false);
        assertThat(v.failures()).isEmpty();
        assertThat(v.byKey()).containsExactly(
                entry("exactlyOnce"), entry("flush"), entry("destroyRanEverything"),
                entry("noWrongCpuWithoutHotplug"), entry("noWorkFailures"), entry("noHang"));
        assertThat(clean().wrongCpu().count(WrongCpuCause.DETECTION_WINDOW)).isEqualTo(1);
    }

    private static java.util.Map.Entry<String, Boolean> entry(String key) {
        return java.util.Map.entry(key, true);
    }

    @Test
    void exactlyOnceCountsLostWorkOnlyWhenTheShutdownCountedIt() {
        PolicyEvidence lost = evidence(new Ledger.Counts(100, 89, 10, 0, 0, 5, 0, 2, 0, List.of()), 1,
                tally(0), 0, false, null);
        assertThat(Invariant.EXACTLY_ONCE.holds(lost)).isFalse();
        assertThat(Invariant.EXACTLY_ONCE.failures(lost)).containsExactly(
                "drain: exactly once: queued 100, executed 89, cancelled 10, lost 1, duplicated 0");

        PolicyEvidence hung = evidence(lost.ledger(), 1, tally(0), 0, true, null);
        assertThat(Invariant.EXACTLY_ONCE.holds(hung)).as("not counted after a hang").isTrue();
        assertThat(Invariant.NO_HANG.holds(hung)).isFalse();
        assertThat(Invariant.NO_HANG.failures(hung)).as("the run tells of its hang").isEmpty();

        PolicyEvidence twice = evidence(new Ledger.Counts(100, 91, 10, 1, 2, 5, 0, 2, 0, List.of()), 0,
                tally(0), 0, true, null);
        assertThat(Invariant.EXACTLY_ONCE.failures(twice)).singleElement().asString()
                .endsWith("duplicated 1, queue refused idle work 2");
    }

    @Test
    void flushAndDestroyFailuresSayHowManyAndShowExamples() {
        PolicyEvidence e = evidence(new Ledger.Counts(100, 90, 10, 0, 0, 5, 2, 2, 1, List.of("early")), 0,
                tally(0), 3, false, null);
        PolicyVerdict v = PolicyVerdict.of(e);
        assertThat(v.held()).containsEntry(Invariant.FLUSH, false)
                .containsEntry(Invariant.DESTROY_RAN_EVERYTHING, false)
                .containsEntry(Invariant.NO_WORK_FAILURES, false).containsEntry(Invariant.EXACTLY_ONCE, true);
        assertThat(v.failures()).containsExactly(
                "drain: flush: 2 flush/flush_work calls returned early [early]",
                "drain: destroy ran everything: 1 destroys returned with work not run",
                "drain: 3 work functions threw");
    }

    @Test
    void aWrongCpuWithoutHotplugOrAnUnclassifiedOneBreaksTheAffinityInvariant() {
        PolicyEvidence unexcused = evidence(CLEAN, 0, tally(0, offCpu(110), offCpu(150)), 0, false, null);
        assertThat(unexcused.wrongCpu().count(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT)).isEqualTo(1);
        assertThat(Invariant.NO_WRONG_CPU_WITHOUT_HOTPLUG.failures(unexcused)).singleElement().asString()
                .startsWith("drain: no wrong CPU without hotplug: 1 works ran off their CPU")
                .contains("queued on cpu1 at 0.000 ms, ran cpu0->cpu0");

        PolicyEvidence unknown = evidence(CLEAN, 0, tally(3, offCpu(110)), 0, false, null);
        assertThat(Invariant.NO_WRONG_CPU_WITHOUT_HOTPLUG.failures(unknown)).containsExactly(
                "drain: no wrong CPU without hotplug: cannot tell, 3 of 4 off-CPU works were not classified"
                        + " (only the first " + ExecutionCollector.MAX_KEPT + " are kept)");
    }

    @Test
    void aFailedShutdownIsAPolicysHang() {
        PolicyEvidence e = evidence(CLEAN, 0, tally(0), 0, false, "boom");
        assertThat(PolicyVerdict.of(e).byKey()).containsEntry("noHang", false);
        assertThat(PolicyVerdict.of(e).failures()).containsExactly("drain: shutdown failed: boom");
    }

    @Test
    void theRunsFailuresComeFirstThenEachPolicysThenTheRunsInvariants() {
        PolicyVerdict broken = PolicyVerdict.of(evidence(CLEAN, 0, tally(0), 1, true, null));
        RunVerdict v = RunVerdict.of(new RunInvariant.RunEvidence("java.lang.Error: x", false, "a flush stuck"),
                List.of(PolicyVerdict.of(clean()), broken));
        assertThat(v.invariantsHeld()).isFalse();
        assertThat(v.failures()).containsExactly("the run failed: java.lang.Error: x", "drain: 1 work functions threw",
                "cpus restored: not every CPU this run offlined is online again", "no hang: a flush stuck");

        RunVerdict fine = RunVerdict.of(new RunInvariant.RunEvidence(null, true, null),
                List.of(PolicyVerdict.of(clean())));
        assertThat(fine.invariantsHeld()).isTrue();
        assertThat(fine.cpusRestored()).isTrue();
    }
}
