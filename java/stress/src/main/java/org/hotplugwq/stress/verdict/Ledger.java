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

    /** What the ledger holds now (after the run: its final counts). */
    public Counts counts() {
        return new Counts(queued.sum(), executed.sum(), cancelled.sum(), duplicated.sum(), refusedIdle.sum(),
                flushes.sum(), flushViolations.sum(), destroys.sum(), destroyViolations.sum(), examples());
    }

    /**
     * The ledger's counts at one moment.
     *
     * @param refusedIdle queue() said no to a ticket that was idle: the workqueue lost track of it
     * @param flushViolations flushes (flush, flush_work, the final flush) that returned before work queued
     *     before them had ended
     * @param examples the first few violations, described
     */
    public record Counts(long queued, long executed, long cancelled, long duplicated, long refusedIdle,
                         long flushes, long flushViolations, long destroys, long destroyViolations,
                         List<String> examples) {
    }

    private List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }
}
