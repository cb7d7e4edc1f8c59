package org.hotplugwq.stress.trace;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.hotplugwq.workqueue.ExecutionObserver;
import org.hotplugwq.workqueue.ExecutionRecord;

/**
 * Every execution of one policy's system, as the trace check needs it (worker tid, start and end time and CPU):
 * an observer that passes each record on to the one it wraps, then copies it into its worker thread's own chunk
 * (no lock, no sharing on the hot path). Read once the workers are gone.
 */
final class ExecutionTape implements ExecutionObserver {
    /** One worker thread's executions. */
    static final class Chunk {
        int size;
        int[] tid = new int[1024];
        long[] start = new long[1024];
        long[] end = new long[1024];
        int[] startCpu = new int[1024];
        int[] endCpu = new int[1024];

        void add(int t, long s, long e, int sc, int ec) {
            if (size == tid.length) {
                int n = size * 2;
                tid = Arrays.copyOf(tid, n);
                start = Arrays.copyOf(start, n);
                end = Arrays.copyOf(end, n);
                startCpu = Arrays.copyOf(startCpu, n);
                endCpu = Arrays.copyOf(endCpu, n);
            }
            tid[size] = t;
            start[size] = s;
            end[size] = e;
            startCpu[size] = sc;
            endCpu[size] = ec;
            size++;
        }
    }

    /** One execution, for {@link #forEach}. */
    record Execution(int tid, long startNanos, long endNanos, int startCpu, int endCpu) {
    }

    private final ExecutionObserver inner;
    private final ConcurrentLinkedQueue<Chunk> chunks = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Chunk> mine = ThreadLocal.withInitial(() -> {
        Chunk c = new Chunk();
        chunks.add(c);
        return c;
    });

    ExecutionTape(ExecutionObserver inner) {
        this.inner = inner;
    }

    @Override
    public void executed(ExecutionRecord record) {
        inner.executed(record);
        mine.get().add(record.workerTid(), record.startNanos(), record.endNanos(), record.startCpu(),
                record.endCpu());
    }

    /** One execution as the observer would keep it (tests). */
    void add(int tid, long startNanos, long endNanos, int startCpu, int endCpu) {
        mine.get().add(tid, startNanos, endNanos, startCpu, endCpu);
    }

    long size() {
        return chunks.stream().mapToLong(c -> c.size).sum();
    }

    void forEach(Consumer<Execution> action) {
        for (Chunk c : List.copyOf(chunks)) {
            for (int i = 0; i < c.size; i++) {
                action.accept(new Execution(c.tid[i], c.start[i], c.end[i], c.startCpu[i], c.endCpu[i]));
            }
        }
    }
}
