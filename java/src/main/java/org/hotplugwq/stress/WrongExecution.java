package org.hotplugwq.stress;

import org.hotplugwq.workqueue.WorkerState;

/** A copy of one execution that started or ended off its queue's CPU, kept for classification. */
record WrongExecution(int queueCpu, int startCpu, int endCpu, WorkerState state, long queuedNanos,
                      long startNanos, long endNanos, boolean stranded) {
}
