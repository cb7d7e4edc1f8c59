package org.hotplugwq.stress;

import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.report.Timeline;

/** A finished run: the report (JSON, table, HTML) and what the HTML timeline draws. */
public record StressOutcome(StressReport report, Timeline timeline) {

    /** Exit code of {@code hotplugwq stress}: 0 only when every invariant held. */
    public int exitCode() {
        return report.invariantsHeld() ? 0 : 1;
    }
}
