package org.hotplugwq.stress;

import java.util.List;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.report.Timeline;
import org.hotplugwq.stress.verdict.SegmentCounts;

/**
 * A finished run: the report (JSON, table, HTML), what the HTML timeline draws, and each policy's works per
 * operation segment (what a series of runs pools: {@link StressSeries}).
 */
public record StressOutcome(StressReport report, Timeline timeline, List<SegmentCounts> segments) {

    public StressOutcome {
        segments = List.copyOf(segments);
    }

    /** A run whose segments are not known (nothing to pool). */
    public StressOutcome(StressReport report, Timeline timeline) {
        this(report, timeline, List.of());
    }

    /** Exit code of {@code hotplugwq stress}: 0 only when every invariant held. */
    public int exitCode() {
        return report.invariantsHeld() ? 0 : 1;
    }
}
