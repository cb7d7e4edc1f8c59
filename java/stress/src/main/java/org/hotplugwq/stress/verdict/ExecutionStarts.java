package org.hotplugwq.stress.verdict;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * How many CPU-affine executions started in each short slice ("bucket") of the run: what the operation segments
 * ({@link OperationSegments}) need to know of the works that ran where they should, without keeping each one.
 * Worker threads record; the report reads after the run. A bucket is 200 µs, wider only past ~200 s so that the
 * array stays at most 4 MB per policy; starts outside the span count in the first or last bucket.
 */
public final class ExecutionStarts {
    static final long MIN_BUCKET_NANOS = 200_000;
    static final int MAX_BUCKETS = 1 << 20;

    private final long originNanos;
    private final long bucketNanos;
    private final AtomicIntegerArray counts; // ints: a bucket never holds 2^31 starts

    /** Buckets covering {@code spanNanos} from {@code originNanos}. */
    public ExecutionStarts(long originNanos, long spanNanos) {
        this.originNanos = originNanos;
        this.bucketNanos = Math.max(MIN_BUCKET_NANOS, -Math.floorDiv(-Math.max(1, spanNanos), MAX_BUCKETS));
        this.counts = new AtomicIntegerArray((int) Math.min(MAX_BUCKETS, spanNanos / bucketNanos + 1));
    }

    /** One execution that started at {@code startNanos}. */
    public void record(long startNanos) {
        counts.incrementAndGet(bucketOf(startNanos));
    }

    /** The bucket of an instant, clamped to the span. */
    public int bucketOf(long nanos) {
        long b = Math.floorDiv(nanos - originNanos, bucketNanos);
        return (int) Math.max(0, Math.min(counts.length() - 1, b));
    }

    public int buckets() {
        return counts.length();
    }

    public long count(int bucket) {
        return counts.get(bucket);
    }

    public long bucketNanos() {
        return bucketNanos;
    }
}
