package org.hotplugwq.stress.verdict;

/**
 * How many wrong-CPU works each operation of one kind (every offline, say) brought: nearest-rank percentiles.
 *
 * @param operations how many operations of that kind
 * @param mean wrong-CPU works per operation
 */
public record OperationDistribution(long operations, double mean, long p50, long p90, long max) {

    /** Of one count per operation, in any order. */
    public static OperationDistribution of(long[] perOperation) {
        long[] sorted = perOperation.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        if (n == 0) {
            return new OperationDistribution(0, 0, 0, 0, 0);
        }
        long sum = java.util.stream.LongStream.of(sorted).sum();
        return new OperationDistribution(n, (double) sum / n, rank(sorted, 0.5), rank(sorted, 0.9), sorted[n - 1]);
    }

    private static long rank(long[] sorted, double p) {
        return sorted[(int) Math.max(0, Math.ceil(p * sorted.length) - 1)];
    }
}
