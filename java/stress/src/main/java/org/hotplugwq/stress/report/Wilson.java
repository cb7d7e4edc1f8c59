package org.hotplugwq.stress.report;

/** The Wilson score interval for a binomial proportion: honest at rates near 0, where most of ours are. */
public final class Wilson {
    private static final double Z95 = 1.959964;

    private Wilson() {
    }

    /** {lower, upper} of the 95% interval for {@code x} successes in {@code n} trials; {0, 1} when n is 0. */
    public static double[] interval95(long x, long n) {
        if (n <= 0) {
            return new double[] {0, 1};
        }
        double p = (double) x / n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new double[] {x == 0 ? 0 : Math.max(0, centre - half), x == n ? 1 : Math.min(1, centre + half)};
    }
}
