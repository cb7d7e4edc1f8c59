package org.hotplugwq.stress.verdict;

import org.hotplugwq.workqueue.WorkerState;

/**
 * A copy of one execution that started or ended off its queue's CPU, kept for classification.
 *
 * @param destroying its workqueue's destroy had begun when the work ended: its workers were off the list,
 *     told of no hotplug, so a BOUND state may be stale
 */
public record WrongExecution(int queueCpu, int startCpu, int endCpu, WorkerState state, long queuedNanos,
                      long startNanos, long endNanos, boolean destroying) {
}
