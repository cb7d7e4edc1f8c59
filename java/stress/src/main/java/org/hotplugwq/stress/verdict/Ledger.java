package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exactly-once bookkeeping of one policy: every instance queued must end exactly once, by running or by
 * being cancelled ({@code flush_work}/{@code cancel_delayed_work} returning true). Also the flush checks:
 * a flush, flushWork or destroy that returned while an instance queued before it had not ended.
 */
public final class Ledger {
    private static final int MAX_EXAMPLES = 20;
    private final LongAdder queued = new LongAdder();
    private final LongAdder executed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder duplicated = new LongAdder();
    private final LongAdder refusedIdle = new LongAdder();
    private final LongAdder flushes = new LongAdder();
    private final LongAdder flushViolations = new LongAdder();
    private final LongAdder destroys = new LongAdder();
    private final LongAdder destroyViolations = new LongAdder();
    private final List<String> examples = new ArrayList<>(); // guarded by itself

    public void queued() {
        queued.increment();
    }

    public void executed() {
        executed.increment();
    }

    public void cancelled() {
        cancelled.increment();
    }

    public void duplicated() {
        duplicated.increment();
        example("an instance ended twice (run or cancelled again)");
    }

    public void refusedIdle() {
        refusedIdle.increment();
    }

    public void flushChecked(boolean ok, String what) {
        flushes.increment();
        if (!ok) {
            flushViolations.increment();
            example(what);
        }
    }

    public void destroyChecked(boolean ok, String what) {
        destroys.increment();
        if (!ok) {
            destroyViolations.increment();
            example(what);
        }
    }

    private void example(String what) {
        synchronized (examples) {
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(what);
            }
        }
    }

    public long queuedCount() {
        return queued.sum();
    }

    public long executedCount() {
        return executed.sum();
    }

    public long cancelledCount() {
        return cancelled.sum();
    }

    public long duplicatedCount() {
        return duplicated.sum();
    }

    public long refusedIdleCount() {
        return refusedIdle.sum();
    }

    public long flushCount() {
        return flushes.sum();
    }

    public long flushViolationCount() {
        return flushViolations.sum();
    }

    public long destroyCount() {
        return destroys.sum();
    }

    public long destroyViolationCount() {
        return destroyViolations.sum();
    }

    public List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }
}
