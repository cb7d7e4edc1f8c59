package org.hotplugwq.stress.verdict;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hotplugwq.stress.machine.TransitionOutcome;

/**
 * The run cut at each hotplug operation: segment 0 is everything before the first operation, segment k runs from
 * the k-th operation's start (its write follows at once) up to the next one's start. Each execution belongs to the
 * segment its start time falls in. Segments are the unit of the wrong-CPU intervals ({@link ClusteredRate};
 * README, "How the interval is computed"): wrong-CPU works come in bursts around operations, so the operations,
 * not the works, are the independent draws.
 *
 * <p>Boundaries and executions are both placed on the {@link ExecutionStarts} grid (200 µs buckets), so that a
 * wrong-CPU work and the works counted beside it are assigned by the same rule.
 */
public final class OperationSegments {
    /** What began a segment. */
    public enum Kind {
        /** segment 0: the load before the first operation */
        BEFORE_FIRST,
        /** a CPU went offline */
        OFFLINE,
        /** a CPU came online */
        ONLINE,
        /** the operation changed nothing: refused, vetoed, an injected failure rolled back, an error */
        FAILED
    }

    private final int[] boundaries; // bucket of each operation's start, ascending
    private final OperationSegments.Kind[] kinds;

    private OperationSegments(int[] boundaries, Kind[] kinds) {
        this.boundaries = boundaries;
        this.kinds = kinds;
    }

    /** The segments of {@code ops} (any order) on {@code grid}'s buckets. */
    public static OperationSegments of(List<TransitionOutcome> ops, ExecutionStarts grid) {
        List<TransitionOutcome> sorted = ops.stream().sorted(Comparator.comparingLong(TransitionOutcome::beginNanos))
                .toList();
        int[] boundaries = new int[sorted.size()];
        Kind[] kinds = new Kind[sorted.size() + 1];
        kinds[0] = Kind.BEFORE_FIRST;
        for (int i = 0; i < sorted.size(); i++) {
            TransitionOutcome op = sorted.get(i);
            boundaries[i] = grid.bucketOf(op.beginNanos());
            kinds[i + 1] = !op.changed() ? Kind.FAILED : op.up() ? Kind.ONLINE : Kind.OFFLINE;
        }
        return new OperationSegments(boundaries, kinds);
    }

    /** Segments: one per operation, and the one before the first. */
    public int size() {
        return kinds.length;
    }

    /** The segment a bucket belongs to: the last operation started at or before it (0: none). */
    public int segmentOf(int bucket) {
        int i = Arrays.binarySearch(boundaries, bucket);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < boundaries.length && boundaries[i + 1] == bucket) {
            i++; // two operations in one bucket: the later one's segment
        }
        return i + 1;
    }

    /**
     * One policy's counts per segment: its CPU-affine executions ({@code starts}, on the grid these segments were
     * cut on) and its classified wrong-CPU ones ({@code tally}), in total and by cause.
     */
    public SegmentCounts count(String policy, ExecutionStarts starts, WrongCpuTally tally) {
        long[] works = new long[size()];
        long[] wrong = new long[size()];
        long[][] byCause = new long[WrongCpuCause.values().length][size()];
        int seg = 0;
        for (int b = 0; b < starts.buckets(); b++) {
            while (seg < boundaries.length && boundaries[seg] <= b) {
                seg++;
            }
            works[seg] += starts.count(b);
        }
        tally.forEach((e, cause) -> {
            int s = segmentOf(starts.bucketOf(e.startNanos()));
            wrong[s]++;
            byCause[cause.ordinal()][s]++;
        });
        return new SegmentCounts(policy, kinds.clone(), works, wrong, byCause);
    }
}
