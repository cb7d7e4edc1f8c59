package org.hotplugwq.stress.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.TransitionResult;
import org.hotplugwq.stress.machine.TransitionOutcome;
import org.hotplugwq.workqueue.WorkerState;
import org.junit.jupiter.api.Test;

/** The run cut at each operation's start, and every execution counted in the segment its start falls in. */
class OperationSegmentsTest {
    private static final long MS = 1_000_000;

    private static TransitionOutcome op(long beginMs, boolean up, TransitionResult.Outcome result) {
        return new TransitionOutcome(1, up, false, result, beginMs * MS, beginMs * MS + 2 * MS, MS, "");
    }

    /** offline at 10 ms, a refused online at 20 ms, online at 30 ms. */
    private static final List<TransitionOutcome> OPS = List.of(op(30, true, TransitionResult.Outcome.DONE),
            op(10, false, TransitionResult.Outcome.DONE), op(20, true, TransitionResult.Outcome.KERNEL_REFUSED));

    @Test
    void aSegmentRunsFromItsOperationsStartToTheNextOnes() {
        ExecutionStarts grid = new ExecutionStarts(0, 100 * MS);
        OperationSegments s = OperationSegments.of(OPS, grid);

        assertThat(s.size()).isEqualTo(4);
        assertThat(s.segmentOf(grid.bucketOf(5 * MS))).isZero();
        assertThat(s.segmentOf(grid.bucketOf(10 * MS))).isEqualTo(1);
        assertThat(s.segmentOf(grid.bucketOf(19 * MS))).isEqualTo(1);
        assertThat(s.segmentOf(grid.bucketOf(20 * MS))).isEqualTo(2);
        assertThat(s.segmentOf(grid.bucketOf(99 * MS))).isEqualTo(3);
        assertThat(s.segmentOf(grid.bucketOf(500 * MS))).as("past the span: the last segment").isEqualTo(3);
    }

    @Test
    void worksAndWrongCpuWorksAreCountedPerSegmentAndCause() {
        ExecutionStarts starts = new ExecutionStarts(0, 100 * MS);
        for (long t : new long[] {1, 2, 11, 12, 13, 14, 25, 31, 32}) {
            starts.record(t * MS);
        }
        HotplugWindows windows = new HotplugWindows(OPS, List.of(), CpuSet.EMPTY, 0, List.of());
        WrongExecution inOffline = new WrongExecution(1, 0, 0, WorkerState.BOUND, 11 * MS, 12 * MS, 12 * MS, false);
        WrongExecution unexcused = new WrongExecution(1, 0, 0, WorkerState.BOUND, 60 * MS, 61 * MS, 61 * MS, false);
        WrongCpuTally tally = WrongCpuTally.classify(2, 0, List.of(inOffline, unexcused), windows, 0);

        SegmentCounts c = OperationSegments.of(OPS, starts).count("drain", starts, tally);

        assertThat(c.kinds()).containsExactly(OperationSegments.Kind.BEFORE_FIRST, OperationSegments.Kind.OFFLINE,
                OperationSegments.Kind.FAILED, OperationSegments.Kind.ONLINE);
        assertThat(c.works()).containsExactly(2, 4, 1, 2);
        assertThat(c.wrong()).containsExactly(0, 1, 0, 1);
        assertThat(c.wrongByCause()[WrongCpuCause.NO_HOTPLUG_IN_FLIGHT.ordinal()]).containsExactly(0, 0, 0, 1);
        assertThat(c.totalWorks()).isEqualTo(9);
        assertThat(c.wrongPer(OperationSegments.Kind.OFFLINE)).containsExactly(1);
        assertThat(c.wrongPer(OperationSegments.Kind.ONLINE)).containsExactly(1);
    }

    @Test
    void twoOperationsInOneBucketLeaveTheEarlierOneAnEmptySegment() {
        ExecutionStarts grid = new ExecutionStarts(0, 100 * MS);
        OperationSegments s = OperationSegments.of(List.of(
                new TransitionOutcome(1, false, false, TransitionResult.Outcome.DONE, 10 * MS, 11 * MS, MS, ""),
                new TransitionOutcome(2, false, false, TransitionResult.Outcome.DONE, 10 * MS + 1, 11 * MS, MS, "")),
                grid);
        assertThat(s.segmentOf(grid.bucketOf(10 * MS + 2))).isEqualTo(2);
    }

    @Test
    void theRunsOfASeriesArePooledSegmentAfterSegment() {
        OperationSegments.Kind[] kinds = {OperationSegments.Kind.BEFORE_FIRST, OperationSegments.Kind.OFFLINE};
        long[][] none = new long[WrongCpuCause.values().length][2];
        SegmentCounts a = new SegmentCounts("drain", kinds, new long[] {10, 20}, new long[] {0, 3}, none);
        SegmentCounts b = new SegmentCounts("drain", kinds, new long[] {5, 6}, new long[] {1, 0}, none);
        SegmentCounts both = SegmentCounts.concat(List.of(a, b));
        assertThat(both.works()).containsExactly(10, 20, 5, 6);
        assertThat(both.wrong()).containsExactly(0, 3, 1, 0);
        assertThat(both.totalWrong()).isEqualTo(4);
    }

    @Test
    void theGridWidensOnlyForLongRuns() {
        assertThat(new ExecutionStarts(0, 60_000 * MS).bucketNanos()).isEqualTo(ExecutionStarts.MIN_BUCKET_NANOS);
        ExecutionStarts day = new ExecutionStarts(0, 86_400_000 * MS);
        assertThat(day.buckets()).isLessThanOrEqualTo(ExecutionStarts.MAX_BUCKETS);
        assertThat(day.bucketOf(86_400_000 * MS - 1)).isLessThan(day.buckets());
    }

    @Test
    void perOperationPercentilesAreNearestRank() {
        OperationDistribution d = OperationDistribution.of(new long[] {0, 0, 0, 0, 0, 1, 2, 3, 10, 50});
        assertThat(d).isEqualTo(new OperationDistribution(10, 6.6, 0, 10, 50));
        assertThat(OperationDistribution.of(new long[0]).operations()).isZero();
    }
}
