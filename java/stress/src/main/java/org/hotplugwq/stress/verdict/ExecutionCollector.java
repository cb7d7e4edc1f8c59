package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.hotplugwq.workqueue.ExecutionObserver;
import org.hotplugwq.workqueue.ExecutionRecord;
import org.hotplugwq.workqueue.WorkerState;

/**
 * The observer of one policy's system: counts every execution, records queue→start latency, and copies
 * the few executions that ran off their CPU (classified after the run, when every hotplug window is known).
 * Runs on worker threads: counters are adders, the latency recorder is wait-free.
 */
public final class ExecutionCollector implements ExecutionObserver {
    /**
     * ~100 bytes each: 1M is ~100 MB per policy. Past it, off-CPU works are counted but not classified, and
     * the run cannot vouch for them (the {@code noWrongCpuWithoutHotplug} invariant fails).
     */
    static final int MAX_KEPT = 1_000_000;

    private final long originNanos;
    private final LongAdder executed = new LongAdder();
    private final LongAdder singleThread = new LongAdder();
    private final LongAdder stranded = new LongAdder();
    private final AtomicLong maxStrandedWaitNanos = new AtomicLong();
    private final LongAdder offCpu = new LongAdder();
    private final AtomicLong kept = new AtomicLong(); // a long: it counts every off-CPU work
    private final ConcurrentLinkedQueue<WrongExecution> wrong = new ConcurrentLinkedQueue<>();
    private final Recorder queueToStart = new Recorder(3);
    private final LongAdder[] perSecond;

    public ExecutionCollector(long originNanos, int seconds) {
        this.originNanos = originNanos;
        this.perSecond = new LongAdder[seconds + 1];
        for (int i = 0; i < perSecond.length; i++) {
            perSecond[i] = new LongAdder();
        }
    }

    @Override
    public void executed(ExecutionRecord r) {
        executed.increment();
        long second = (r.endNanos() - originNanos) / 1_000_000_000L;
        perSecond[(int) Math.max(0, Math.min(perSecond.length - 1, second))].increment();
        queueToStart.recordValue(Math.max(0, r.startNanos() - r.queuedNanos()));
        if (r.stranded()) {
            stranded.increment();
            maxStrandedWaitNanos.accumulateAndGet(r.startNanos() - r.queuedNanos(), Math::max);
        }
        if (r.state() == WorkerState.SINGLE_THREAD || r.workqueue().isSingleThreaded()) {
            singleThread.increment(); // unbound by design (also while destroy drains it): never "wrong"
            return;
        }
        if (r.startCpu() != r.queueCpu() || r.endCpu() != r.queueCpu()) {
            offCpu.increment();
            if (kept.incrementAndGet() <= MAX_KEPT) {
                wrong.add(new WrongExecution(r.queueCpu(), r.startCpu(), r.endCpu(), r.state(), r.queuedNanos(),
                        r.startNanos(), r.endNanos(), r.workqueue().isDestroying()));
            }
        }
    }

    public long executed() {
        return executed.sum();
    }

    public long singleThread() {
        return singleThread.sum();
    }

    public long stranded() {
        return stranded.sum();
    }

    public long maxStrandedWaitNanos() {
        return maxStrandedWaitNanos.get();
    }

    public long offCpu() {
        return offCpu.sum();
    }

    /** Off-CPU works counted but not kept for classification (past {@link #MAX_KEPT}). */
    long notClassified() {
        return Math.max(0, kept.get() - MAX_KEPT);
    }

    List<WrongExecution> wrongExecutions() {
        return new ArrayList<>(wrong);
    }

    /** Everything recorded so far (call once, at the end). */
    public Histogram queueToStartNanos() {
        return queueToStart.getIntervalHistogram();
    }

    public long[] perSecond() {
        long[] out = new long[perSecond.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = perSecond[i].sum();
        }
        return out;
    }
}
