package org.hotplugwq.stress.verdict;

/**
 * What one policy's invariants are judged on, gathered after the run.
 *
 * @param policy the policy's name, which starts each failure message
 * @param lost instances still in flight after the final flush and destroy (not counted after a hang)
 * @param workFailures work functions that threw
 * @param runHung the watchdog gave up on the run: the shutdown never counted what was lost
 * @param shutdownError why this policy's shutdown (flush, destroy, close) failed, or null
 */
public record PolicyEvidence(String policy, Ledger.Counts ledger, long lost, WrongCpuTally wrongCpu,
                             long workFailures, boolean runHung, String shutdownError) {

    /** Whether the shutdown finished, so that {@link #lost()} is a real count. */
    public boolean lostCounted() {
        return !runHung && shutdownError == null;
    }
}
