package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The invariants every policy must keep under hotplug (README, {@code hotplugwq stress}): each a report key,
 * a check of the evidence, and what a failure says. A failure message starts with the policy's name.
 */
public enum Invariant {
    /** Every queued instance ended exactly once, by running or by being cancelled: none lost, none twice. */
    EXACTLY_ONCE("exactlyOnce") {
        @Override
        public boolean holds(PolicyEvidence e) {
            Ledger.Counts l = e.ledger();
            boolean balanced = l.queued() == l.executed() + l.cancelled() - l.duplicated() + e.lost();
            // after a hang the shutdown never counted what was lost: only a duplicate is then known to be wrong
            return l.duplicated() == 0 && l.refusedIdle() == 0 && (!e.lostCounted() || (e.lost() == 0 && balanced));
        }

        @Override
        List<String> describeFailure(PolicyEvidence e) {
            Ledger.Counts l = e.ledger();
            return List.of(e.policy() + ": exactly once: queued " + l.queued() + ", executed " + l.executed()
                    + ", cancelled " + l.cancelled() + ", lost " + e.lost() + ", duplicated " + l.duplicated()
                    + (l.refusedIdle() > 0 ? ", queue refused idle work " + l.refusedIdle() : ""));
        }
    },
    /** No flush returned before work queued before it had ended. */
    FLUSH("flush") {
        @Override
        public boolean holds(PolicyEvidence e) {
            return e.ledger().flushViolations() == 0;
        }

        @Override
        List<String> describeFailure(PolicyEvidence e) {
            return List.of(e.policy() + ": flush: " + e.ledger().flushViolations()
                    + " flush/flush_work calls returned early " + e.ledger().examples());
        }
    },
    /** No destroy returned with work not run. */
    DESTROY_RAN_EVERYTHING("destroyRanEverything") {
        @Override
        public boolean holds(PolicyEvidence e) {
            return e.ledger().destroyViolations() == 0;
        }

        @Override
        List<String> describeFailure(PolicyEvidence e) {
            return List.of(e.policy() + ": destroy ran everything: " + e.ledger().destroyViolations()
                    + " destroys returned with work not run");
        }
    },
    /** No work ran off its CPU while nothing about that CPU was changing; every off-CPU work was classified. */
    NO_WRONG_CPU_WITHOUT_HOTPLUG("noWrongCpuWithoutHotplug") {
        @Override
        public boolean holds(PolicyEvidence e) {
            return e.wrongCpu().count(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT) == 0 && e.wrongCpu().notClassified() == 0;
        }

        @Override
        List<String> describeFailure(PolicyEvidence e) {
            WrongCpuTally w = e.wrongCpu();
            List<String> out = new ArrayList<>();
            if (w.notClassified() > 0) {
                out.add(e.policy() + ": no wrong CPU without hotplug: cannot tell, " + w.notClassified() + " of "
                        + w.offCpu() + " off-CPU works were not classified (only the first "
                        + ExecutionCollector.MAX_KEPT + " are kept)");
            }
            long unexcused = w.count(WrongCpuCause.NO_HOTPLUG_IN_FLIGHT);
            if (unexcused > 0) {
                out.add(e.policy() + ": no wrong CPU without hotplug: " + unexcused + " works ran off their CPU"
                        + " while nothing about it was changing (affinity not restored), e.g. "
                        + w.unexcusedExamples());
            }
            return out;
        }
    },
    /** No work function threw. */
    NO_WORK_FAILURES("noWorkFailures") {
        @Override
        public boolean holds(PolicyEvidence e) {
            return e.workFailures() == 0;
        }

        @Override
        List<String> describeFailure(PolicyEvidence e) {
            return List.of(e.policy() + ": " + e.workFailures() + " work functions threw");
        }
    },
    /** Neither the run nor this policy's shutdown hung or failed (the run's hang is told once, by the run). */
    NO_HANG("noHang") {
        @Override
        public boolean holds(PolicyEvidence e) {
            return e.lostCounted();
        }

        @Override
        List<String> describeFailure(PolicyEvidence e) {
            return e.shutdownError() == null ? List.of()
                    : List.of(e.policy() + ": shutdown failed: " + e.shutdownError());
        }
    };

    private final String key;

    Invariant(String key) {
        this.key = key;
    }

    /** The report.json key. */
    public String key() {
        return key;
    }

    public abstract boolean holds(PolicyEvidence e);

    /** What the report says when {@link #holds} is false. */
    abstract List<String> describeFailure(PolicyEvidence e);

    /** The failure messages: none when the invariant holds. */
    public List<String> failures(PolicyEvidence e) {
        return holds(e) ? List.of() : describeFailure(e);
    }
}
