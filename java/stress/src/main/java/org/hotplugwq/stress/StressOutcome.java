package org.hotplugwq.stress;

/** A finished run: the report (JSON, table, HTML) and what the HTML timeline draws. */
public record StressOutcome(StressReport report, Timeline timeline) {

    /** Exit code of {@code hotplugwq stress}: 0 only when every invariant held. */
    public int exitCode() {
        return report.invariantsHeld() ? 0 : 1;
    }
}
