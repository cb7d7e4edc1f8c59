package org.hotplugwq.stress.verdict;

/** The invariants of the run as a whole, each a report key, a check and what a failure says. */
public enum RunInvariant {
    /** Every CPU the run offlined is online again. */
    CPUS_RESTORED("cpusRestored") {
        @Override
        public boolean holds(RunEvidence e) {
            return e.cpusRestored();
        }

        @Override
        String describeFailure(RunEvidence e) {
            return "cpus restored: not every CPU this run offlined is online again";
        }
    },
    /** No flush, destroy or shutdown stuck past the watchdog's limit. */
    NO_HANG("noHang") {
        @Override
        public boolean holds(RunEvidence e) {
            return e.hang() == null;
        }

        @Override
        String describeFailure(RunEvidence e) {
            return "no hang: " + e.hang();
        }
    };

    private final String key;

    RunInvariant(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public abstract boolean holds(RunEvidence e);

    abstract String describeFailure(RunEvidence e);

    /**
     * What the run's own checks saw.
     *
     * @param runError why the run's body failed, or null
     * @param hang what the watchdog found stuck, or null
     */
    public record RunEvidence(String runError, boolean cpusRestored, String hang) {
    }
}
