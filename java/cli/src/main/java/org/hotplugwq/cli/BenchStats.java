package org.hotplugwq.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact percentiles of a small sample set (tens to thousands of values), in microseconds. Exact rather than
 * HdrHistogram because detection latencies can be negative (a uevent can arrive before {@code write(2)}
 * has returned to us), which a histogram cannot record, and because with ≤ 100 samples per figure a
 * sorted array is both exact and cheap. p99 of n values is the ⌈0.99·n⌉-th smallest (the max below 100).
 */
final class BenchStats {
    final int n;
    final double p50Us;
    final double p99Us;
    final double minUs;
    final double maxUs;

    private BenchStats(long[] nanos) {
        long[] v = nanos.clone();
        Arrays.sort(v);
        n = v.length;
        p50Us = n == 0 ? Double.NaN : rank(v, 0.50) / 1e3;
        p99Us = n == 0 ? Double.NaN : rank(v, 0.99) / 1e3;
        minUs = n == 0 ? Double.NaN : v[0] / 1e3;
        maxUs = n == 0 ? Double.NaN : v[n - 1] / 1e3;
    }

    static BenchStats ofNanos(long[] nanos) {
        return new BenchStats(nanos);
    }

    private static long rank(long[] sorted, double q) {
        int r = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("p50Us", round(p50Us));
        m.put("p99Us", round(p99Us));
        m.put("minUs", round(minUs));
        m.put("maxUs", round(maxUs));
        return m;
    }

    private static double round(double us) {
        return Double.isNaN(us) ? us : Math.round(us * 1000.0) / 1000.0;
    }
}
