/**
 * What a stress run measures and the verdict on it (README, {@code hotplugwq stress}). The measuring: the
 * {@link org.hotplugwq.stress.verdict.Ledger} (exactly once, flush and destroy checks), the
 * {@link org.hotplugwq.stress.verdict.ExecutionCollector} (every execution; the off-CPU ones kept),
 * {@link org.hotplugwq.stress.verdict.CallbackTimings}; then each off-CPU execution's
 * {@link org.hotplugwq.stress.verdict.WrongCpuCause}, from the
 * {@link org.hotplugwq.stress.verdict.HotplugWindows} ({@link org.hotplugwq.stress.verdict.WrongCpuTally}).
 * The judging: each {@link org.hotplugwq.stress.verdict.Invariant} is a key, a check and a failure message,
 * applied to a {@link org.hotplugwq.stress.verdict.PolicyEvidence} to give a
 * {@link org.hotplugwq.stress.verdict.PolicyVerdict}; those and the
 * {@link org.hotplugwq.stress.verdict.RunInvariant}s give the {@link org.hotplugwq.stress.verdict.RunVerdict}.
 */
package org.hotplugwq.stress.verdict;
