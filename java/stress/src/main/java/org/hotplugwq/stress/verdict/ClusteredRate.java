package org.hotplugwq.stress.verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.hotplugwq.workqueue.HotplugPolicy;

/**
 * Wrong-CPU rates, and the differences between policies, with 95% intervals whose unit is the hotplug operation:
 * a seeded studentized bootstrap over the {@link OperationSegments operation segments} (README, "How the interval
 * is computed").
 *
 * <p>Why operations: wrong-CPU works come in bursts around operations (an offline strands a queue, its drain runs
 * a batch off-CPU), so works are not independent draws and a per-work (Wilson) interval is several times too
 * narrow. Why this interval: the rate is a ratio of sums over segments, wrong-CPU works over works, and its
 * cluster-robust (delta-method) standard error is √(Σ(yᵢ − R·wᵢ)² / n(n−1)) / w̄. But the counts per operation
 * are very skewed (most operations bring none or a few, a few bring hundreds), and both the normal interval
 * R ± 1.96·SE and the plain percentile bootstrap then cover too rarely (86–88% instead of 95% in short simulated
 * runs); the studentized bootstrap corrects for the skew to second order (93% there) and stays within [0, 1] for
 * rates. Each resample draws as many segments as there were, with replacement, and standardises its ratio by its
 * own standard error, t = (R* − R) / SE*; the interval is [R − t₀.₉₇₅·SE, R − t₀.₀₂₅·SE] over {@value #RESAMPLES}
 * resamples. One set of resampled segments serves every policy: the policies ran side by side on the very same
 * operations, so the difference of two rates is resampled the same way (pairs), with the difference of their
 * linearised residuals as its standard error.
 *
 * <p>The draws are seeded from the run's seed: a report is reproducible. Where resamples with no spread at all
 * (every drawn segment free of wrong-CPU works) make a t quantile infinite, that end falls back to the percentile
 * of the resampled values. With no wrong-CPU work at all there is nothing to resample: the interval is then
 * [0, 3/n] (the rule of three over the n works, the best any interval can say without a single event).
 */
public final class ClusteredRate {
    public static final double CONFIDENCE = 0.95;
    public static final int RESAMPLES = 2000;
    public static final String METHOD = "studentized bootstrap over hotplug-operation segments";
    private static final long SEED_MIX = 0x6A09E667F3BCC909L;
    private static final double LOW_Q = (1 - CONFIDENCE) / 2;
    private static final double HIGH_Q = (1 + CONFIDENCE) / 2;

    /** The pairs the headline reports, "minuend − subtrahend", the seed patch's question first. */
    private static final List<HotplugPolicy[]> PAIRS = List.of(
            new HotplugPolicy[] {HotplugPolicy.DRAIN, HotplugPolicy.TAKEOVER},
            new HotplugPolicy[] {HotplugPolicy.DRAIN_SYNC, HotplugPolicy.DRAIN},
            new HotplugPolicy[] {HotplugPolicy.REBIND, HotplugPolicy.DRAIN},
            new HotplugPolicy[] {HotplugPolicy.DRAIN_SYNC, HotplugPolicy.TAKEOVER},
            new HotplugPolicy[] {HotplugPolicy.REBIND, HotplugPolicy.TAKEOVER},
            new HotplugPolicy[] {HotplugPolicy.REBIND, HotplugPolicy.DRAIN_SYNC});

    /** A rate (fraction, not percent) or a difference of two, and its interval. */
    public record Interval(double estimate, double low, double high) {
        public double[] bounds() {
            return new double[] {low, high};
        }
    }

    /** One policy's rate minus another's over the same segments (fractions). */
    public record Difference(String minuend, String subtrahend, Interval interval) {
    }

    /**
     * @param rates each policy's wrong-CPU rate
     * @param byCause each policy's rate per cause
     * @param segments how many segments were resampled
     */
    public record Estimate(Map<String, Interval> rates, Map<String, Map<WrongCpuCause, Interval>> byCause,
                           List<Difference> differences, int segments, int resamples, long seed) {
    }

    private ClusteredRate() {
    }

    /** Every policy's rate and the paired differences, from policies counted over the same segments. */
    public static Estimate of(List<SegmentCounts> policies, long seed) {
        return of(policies, seed, RESAMPLES);
    }

    static Estimate of(List<SegmentCounts> policies, long seed, int resamples) {
        int n = policies.isEmpty() ? 0 : policies.get(0).segments();
        for (SegmentCounts p : policies) {
            if (p.segments() != n) {
                throw new IllegalArgumentException("policies counted over different segments: " + policies);
            }
        }
        List<String> names = policies.stream().map(SegmentCounts::policy).toList();
        int nc = WrongCpuCause.values().length;
        Ratio[] rates = new Ratio[policies.size()];
        Ratio[][] causes = new Ratio[policies.size()][nc];
        List<Ratio> all = new ArrayList<>();
        for (int p = 0; p < rates.length; p++) {
            SegmentCounts s = policies.get(p);
            rates[p] = new Ratio(s.wrong(), s.works(), resamples);
            all.add(rates[p]);
            for (int c = 0; c < nc; c++) {
                causes[p][c] = new Ratio(s.wrongByCause()[c], s.works(), resamples);
                all.add(causes[p][c]);
            }
        }
        List<int[]> pairs = pairs(names);
        Paired[] diffs = new Paired[pairs.size()];
        for (int i = 0; i < diffs.length; i++) {
            diffs[i] = new Paired(rates[pairs.get(i)[0]], rates[pairs.get(i)[1]], resamples);
        }

        SplittableRandom random = new SplittableRandom(seed ^ SEED_MIX);
        int[] times = new int[n];
        int[] drawn = new int[n];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(times, 0);
            for (int i = 0; i < n; i++) {
                times[random.nextInt(n)]++;
            }
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (times[i] > 0) {
                    drawn[k++] = i;
                }
            }
            for (Ratio r : all) {
                r.resample(b, times, drawn, k);
            }
            for (Paired d : diffs) {
                d.resample(b, times, drawn, k);
            }
        }

        Map<String, Interval> rateIntervals = new LinkedHashMap<>();
        Map<String, Map<WrongCpuCause, Interval>> byCause = new LinkedHashMap<>();
        for (int p = 0; p < rates.length; p++) {
            rateIntervals.put(names.get(p), rates[p].interval());
            Map<WrongCpuCause, Interval> m = new LinkedHashMap<>();
            for (WrongCpuCause c : WrongCpuCause.values()) {
                m.put(c, causes[p][c.ordinal()].interval());
            }
            byCause.put(names.get(p), m);
        }
        List<Difference> differences = new ArrayList<>();
        for (int i = 0; i < diffs.length; i++) {
            differences.add(new Difference(names.get(pairs.get(i)[0]), names.get(pairs.get(i)[1]),
                    diffs[i].interval()));
        }
        return new Estimate(rateIntervals, byCause, differences, n, resamples, seed);
    }

    /** A ratio of sums over segments (y over w), its standard error, and its resamples. */
    private static final class Ratio {
        final long[] y;
        final long[] w;
        final int n;
        final double estimate;
        final double se;
        final boolean none; // no event at all: nothing to resample
        final double[] value;
        final double[] t;
        boolean paired;    // a pair's term: its resampled ratio is needed even when it has no event
        double resampled;  // this resample's ratio and mean w, for the pairs
        double resampledMeanW;

        Ratio(long[] y, long[] w, int resamples) {
            this.y = y;
            this.w = w;
            this.n = y.length;
            long sy = Arrays.stream(y).sum();
            long sw = Arrays.stream(w).sum();
            this.none = sy == 0;
            this.estimate = sw == 0 ? 0 : (double) sy / sw;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double e = y[i] - estimate * w[i];
                ss += e * e;
            }
            this.se = standardError(ss, n, (double) sw / Math.max(1, n));
            this.value = none ? null : new double[resamples];
            this.t = none ? null : new double[resamples];
        }

        void resample(int b, int[] times, int[] drawn, int k) {
            if (none && !paired) {
                return;
            }
            double sy = 0;
            double sw = 0;
            for (int j = 0; j < k; j++) {
                int i = drawn[j];
                sy += times[i] * (double) y[i];
                sw += times[i] * (double) w[i];
            }
            resampled = sw == 0 ? 0 : sy / sw;
            resampledMeanW = sw / n;
            if (none) {
                return;
            }
            double ss = 0;
            for (int j = 0; j < k; j++) {
                int i = drawn[j];
                double e = y[i] - resampled * w[i];
                ss += times[i] * e * e;
            }
            value[b] = resampled;
            t[b] = studentize(resampled - estimate, standardError(ss, n, resampledMeanW));
        }

        Interval interval() {
            if (none) {
                long sw = Arrays.stream(w).sum();
                return new Interval(0, 0, sw == 0 ? 1 : Math.min(1, 3.0 / sw));
            }
            Interval i = studentized(estimate, se, t, value);
            return new Interval(estimate, Math.max(0, i.low()), Math.min(1, i.high()));
        }
    }

    /** The difference of two ratios over the same segments. */
    private static final class Paired {
        final Ratio a;
        final Ratio b;
        final double estimate;
        final double se;
        final double[] value;
        final double[] t;

        Paired(Ratio a, Ratio b, int resamples) {
            this.a = a;
            this.b = b;
            a.paired = true;
            b.paired = true;
            this.estimate = a.estimate - b.estimate;
            double meanA = Arrays.stream(a.w).sum() / (double) Math.max(1, a.n);
            double meanB = Arrays.stream(b.w).sum() / (double) Math.max(1, b.n);
            double ss = 0;
            for (int i = 0; i < a.n; i++) {
                double u = residual(a, i, a.estimate, meanA) - residual(b, i, b.estimate, meanB);
                ss += u * u;
            }
            this.se = standardError(ss, a.n, 1);
            this.value = new double[resamples];
            this.t = new double[resamples];
        }

        /** After both ratios have resampled {@code r}. */
        void resample(int r, int[] times, int[] drawn, int k) {
            double ss = 0;
            for (int j = 0; j < k; j++) {
                int i = drawn[j];
                double u = residual(a, i, a.resampled, a.resampledMeanW) - residual(b, i, b.resampled,
                        b.resampledMeanW);
                ss += times[i] * u * u;
            }
            value[r] = a.resampled - b.resampled;
            t[r] = studentize(value[r] - estimate, standardError(ss, a.n, 1));
        }

        private static double residual(Ratio r, int i, double ratio, double meanW) {
            return meanW == 0 ? 0 : (r.y[i] - ratio * r.w[i]) / meanW;
        }

        Interval interval() {
            return studentized(estimate, se, t, value);
        }
    }

    /** √(Σe² / n(n−1)) / w̄: the linearised (cluster-robust) standard error of a ratio of sums. */
    private static double standardError(double sumOfSquares, int n, double meanW) {
        return n < 2 || meanW == 0 ? 0 : Math.sqrt(sumOfSquares / ((double) n * (n - 1))) / meanW;
    }

    private static double studentize(double deviation, double se) {
        if (se > 0) {
            return deviation / se;
        }
        return deviation == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, deviation);
    }

    /** [est − t₀.₉₇₅·se, est − t₀.₀₂₅·se]; an end the t's cannot give falls back to the values' percentile. */
    private static Interval studentized(double estimate, double se, double[] t, double[] value) {
        double[] ts = t.clone();
        Arrays.sort(ts);
        double[] vs = value.clone();
        Arrays.sort(vs);
        double low = estimate - quantile(ts, HIGH_Q) * se;
        double high = estimate - quantile(ts, LOW_Q) * se;
        if (!Double.isFinite(low) || se == 0) {
            low = Math.min(estimate, quantile(vs, LOW_Q));
        }
        if (!Double.isFinite(high) || se == 0) {
            high = Math.max(estimate, quantile(vs, HIGH_Q));
        }
        return new Interval(estimate, low, high);
    }

    /**
     * Indices into {@code names} of each pair to report, {minuend, subtrahend}: drain − takeover, drain-sync −
     * drain, rebind − drain, then the other pairs of the four policies, then any other pair (later minus earlier).
     */
    static List<int[]> pairs(List<String> names) {
        List<int[]> out = new ArrayList<>();
        for (HotplugPolicy[] pair : PAIRS) {
            int a = names.indexOf(pair[0].cliName());
            int b = names.indexOf(pair[1].cliName());
            if (a >= 0 && b >= 0) {
                out.add(new int[] {a, b});
            }
        }
        for (int j = 0; j < names.size(); j++) {
            for (int i = 0; i < j; i++) {
                int a = j;
                int b = i;
                if (out.stream().noneMatch(p -> p[0] == a && p[1] == b || p[0] == b && p[1] == a)) {
                    out.add(new int[] {a, b});
                }
            }
        }
        return out;
    }

    /** The q-quantile of sorted values, interpolated between the two nearest ranks. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        if (sorted[lo] == sorted[hi]) {
            return sorted[lo]; // also for two infinities, where the interpolation would be NaN
        }
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
