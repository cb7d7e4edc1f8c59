package org.hotplugwq.stress.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bootstrap over operation segments: its intervals, its paired differences, its seed. */
class ClusteredRateTest {

    /**
     * {@code n} segments of 1000 works each; a segment brings a burst of {@code burst} wrong-CPU works with
     * probability {@code p}.
     */
    private static SegmentCounts bursty(String policy, int n, double p, int burst, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        OperationSegments.Kind[] kinds = new OperationSegments.Kind[n];
        Arrays.fill(kinds, OperationSegments.Kind.OFFLINE);
        long[] works = new long[n];
        long[] wrong = new long[n];
        long[][] byCause = new long[WrongCpuCause.values().length][n];
        for (int i = 0; i < n; i++) {
            works[i] = 1000;
            wrong[i] = r.nextDouble() < p ? burst : 0;
            byCause[WrongCpuCause.DRAINING_OR_UNBOUND.ordinal()][i] = wrong[i];
        }
        return new SegmentCounts(policy, kinds, works, wrong, byCause);
    }

    @Test
    void theSameSeedGivesTheSameIntervalsAndAnotherSeedOthers() {
        List<SegmentCounts> runs = List.of(bursty("drain", 300, 0.1, 50, 1), bursty("takeover", 300, 0.05, 50, 2));
        assertThat(ClusteredRate.of(runs, 42)).isEqualTo(ClusteredRate.of(runs, 42));
        assertThat(ClusteredRate.of(runs, 42).rates()).isNotEqualTo(ClusteredRate.of(runs, 43).rates());
    }

    @Test
    void burstsWidenTheIntervalFarBeyondAPerWorkOne() {
        SegmentCounts s = bursty("drain", 400, 0.1, 50, 3);
        ClusteredRate.Interval i = ClusteredRate.of(List.of(s), 1).rates().get("drain");
        double p = (double) s.totalWrong() / s.totalWorks();
        assertThat(i.estimate()).isEqualTo(p);
        assertThat(i.low()).isLessThan(p);
        assertThat(i.high()).isGreaterThan(p);
        // the binomial standard error treats 400,000 works as independent; the bursts make it ~sqrt(50) times more
        double perWork = 1.96 * Math.sqrt(p * (1 - p) / s.totalWorks());
        assertThat((i.high() - i.low()) / 2).isGreaterThan(4 * perWork);
        // and about what the operation-level (cluster) standard error says: sd of a segment's rate / sqrt(n)
        double clusterSe = Math.sqrt(0.1 * 0.9) * 0.05 / Math.sqrt(400);
        assertThat((i.high() - i.low()) / 2).isCloseTo(1.96 * clusterSe, within(0.35 * 1.96 * clusterSe));
    }

    @Test
    void aPairedDifferenceUsesTheSameResampledOperations() {
        SegmentCounts drain = bursty("drain", 200, 0.2, 20, 5);
        // takeover: the very same bursts, one work fewer in each: the pairing makes the difference certain
        long[] fewer = Arrays.stream(drain.wrong()).map(w -> Math.max(0, w - 1)).toArray();
        SegmentCounts takeover = new SegmentCounts("takeover", drain.kinds(), drain.works(), fewer,
                drain.wrongByCause());
        ClusteredRate.Estimate e = ClusteredRate.of(List.of(takeover, drain), 7);

        assertThat(e.differences()).hasSize(1);
        ClusteredRate.Difference d = e.differences().get(0);
        assertThat(d.minuend()).isEqualTo("drain");
        assertThat(d.subtrahend()).isEqualTo("takeover");
        assertThat(d.interval().low()).isPositive();
        double unpaired = e.rates().get("drain").high() - e.rates().get("drain").low();
        assertThat(d.interval().high() - d.interval().low()).isLessThan(unpaired / 5);
    }

    @Test
    void thePairsComeInHeadlineOrder() {
        List<String> names = List.of("takeover", "drain", "drain-sync", "rebind");
        assertThat(ClusteredRate.pairs(names)).extracting(p -> names.get(p[0]) + " - " + names.get(p[1]))
                .containsExactly("drain - takeover", "drain-sync - drain", "rebind - drain",
                        "drain-sync - takeover", "rebind - takeover", "rebind - drain-sync");
        assertThat(ClusteredRate.pairs(List.of("rebind", "drain"))).extracting(p -> p[0] + "," + p[1])
                .containsExactly("0,1");
    }

    @Test
    void noWrongCpuWorkAtAllGivesTheRuleOfThree() {
        SegmentCounts none = bursty("rebind", 100, 0, 1, 1);
        ClusteredRate.Interval i = ClusteredRate.of(List.of(none), 1).rates().get("rebind");
        assertThat(i.estimate()).isZero();
        assertThat(i.low()).isZero();
        assertThat(i.high()).isEqualTo(3.0 / 100_000);
    }

    @Test
    void causesGetTheirOwnIntervals() {
        SegmentCounts s = bursty("drain", 200, 0.3, 10, 9);
        ClusteredRate.Estimate e = ClusteredRate.of(List.of(s), 3);
        assertThat(e.byCause().get("drain").get(WrongCpuCause.DRAINING_OR_UNBOUND))
                .isEqualTo(e.rates().get("drain"));
        assertThat(e.byCause().get("drain").get(WrongCpuCause.DETECTION_WINDOW).high()).isEqualTo(3.0 / 200_000);
        assertThat(e.segments()).isEqualTo(200);
        assertThat(e.resamples()).isEqualTo(ClusteredRate.RESAMPLES);
    }

    @Test
    void quantilesInterpolateBetweenRanks() {
        double[] v = {1, 2, 3, 4, 5};
        assertThat(ClusteredRate.quantile(v, 0)).isEqualTo(1);
        assertThat(ClusteredRate.quantile(v, 0.5)).isEqualTo(3);
        assertThat(ClusteredRate.quantile(v, 0.875)).isEqualTo(4.5);
        assertThat(ClusteredRate.quantile(v, 1)).isEqualTo(5);
    }
}
