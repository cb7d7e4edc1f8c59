package org.hotplugwq.stress.verdict;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * One policy's works per {@link OperationSegments operation segment}: what {@link ClusteredRate} resamples.
 * Indexed by segment; the segments of several runs are pooled by {@link #concat}.
 *
 * @param kinds what began each segment
 * @param works CPU-affine executions that started in it (the rate's base)
 * @param wrong of those, the ones that ran off their CPU (classified ones only)
 * @param wrongByCause {@code wrong} split by {@link WrongCpuCause}, indexed by its ordinal
 */
public record SegmentCounts(String policy, OperationSegments.Kind[] kinds, long[] works, long[] wrong,
                            long[][] wrongByCause) {

    public SegmentCounts {
        if (works.length != kinds.length || wrong.length != kinds.length) {
            throw new IllegalArgumentException("one count per segment");
        }
    }

    public int segments() {
        return kinds.length;
    }

    public long totalWorks() {
        return LongStream.of(works).sum();
    }

    public long totalWrong() {
        return LongStream.of(wrong).sum();
    }

    /** The wrong-CPU works of each operation of one kind (e.g. every offline), ascending. */
    public long[] wrongPer(OperationSegments.Kind kind) {
        return java.util.stream.IntStream.range(0, kinds.length).filter(i -> kinds[i] == kind)
                .mapToLong(i -> wrong[i]).sorted().toArray();
    }

    /** The segments of several runs of one policy, one after the other. */
    public static SegmentCounts concat(List<SegmentCounts> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        int n = runs.stream().mapToInt(SegmentCounts::segments).sum();
        OperationSegments.Kind[] kinds = new OperationSegments.Kind[n];
        long[] works = new long[n];
        long[] wrong = new long[n];
        long[][] byCause = new long[WrongCpuCause.values().length][n];
        int at = 0;
        for (SegmentCounts r : runs) {
            if (!r.policy().equals(runs.get(0).policy())) {
                throw new IllegalArgumentException("pooling " + r.policy() + " with " + runs.get(0).policy());
            }
            int m = r.segments();
            System.arraycopy(r.kinds(), 0, kinds, at, m);
            System.arraycopy(r.works(), 0, works, at, m);
            System.arraycopy(r.wrong(), 0, wrong, at, m);
            for (int c = 0; c < byCause.length; c++) {
                System.arraycopy(r.wrongByCause()[c], 0, byCause[c], at, m);
            }
            at += m;
        }
        return new SegmentCounts(runs.get(0).policy(), kinds, works, wrong, byCause);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentCounts s && policy.equals(s.policy) && Arrays.equals(kinds, s.kinds)
                && Arrays.equals(works, s.works) && Arrays.equals(wrong, s.wrong)
                && Arrays.deepEquals(wrongByCause, s.wrongByCause);
    }

    @Override
    public int hashCode() {
        return 31 * policy.hashCode() + Arrays.hashCode(wrong);
    }

    @Override
    public String toString() {
        return "SegmentCounts[" + policy + ", " + kinds.length + " segments, " + totalWrong() + "/" + totalWorks()
                + "]";
    }
}
