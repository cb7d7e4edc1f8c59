package org.hotplugwq.bench;

import java.util.concurrent.atomic.LongAdder;
import org.hotplugwq.workqueue.ExecutionObserver;
import org.hotplugwq.workqueue.ExecutionRecord;

/**
 * What every executed task reports, whoever ran it: the workqueue's {@link ExecutionObserver} and the
 * baselines' task wrapper feed the same counters, so all three pay the same per-task bookkeeping on top of
 * the same CPU sampling (two {@code currentCpu()} and two {@code nanoTime()} reads per task).
 */
final class Sampling implements ExecutionObserver {
    final LongAdder executed = new LongAdder();
    final LongAdder wrongCpu = new LongAdder();
    final LongAdder migrated = new LongAdder();

    @Override
    public void executed(ExecutionRecord r) {
        record(r.queueCpu(), r.startCpu(), r.endCpu());
    }

    void record(int queueCpu, int startCpu, int endCpu) {
        executed.increment();
        if (startCpu != queueCpu) {
            wrongCpu.increment();
        }
        if (startCpu != endCpu) {
            migrated.increment();
        }
    }
}
