package org.hotplugwq.stress.report;

/**
 * One policy's wrong-CPU rate minus another's over the same hotplug operations (the policies run side by side on
 * the same events), in percentage points, with its interval from the per-operation pairing.
 *
 * @param minuend the policy whose rate comes first ("drain" in "drain − takeover")
 * @param subtrahend the policy subtracted
 * @param differencePp minuend's rate minus subtrahend's, in percentage points
 * @param lowPp lower end of the interval, percentage points
 * @param highPp upper end of the interval, percentage points
 * @param confidence the interval's nominal coverage (0.95)
 */
public record PairedDifference(String minuend, String subtrahend, double differencePp, double lowPp, double highPp,
                               double confidence) {

    /** As the headline prints it: {@code drain − takeover: +0.412 pp [0.301, 0.530]}. */
    public String headline() {
        return String.format(java.util.Locale.ROOT, "%s − %s: %+.3f pp [%.3f, %.3f]", minuend, subtrahend,
                differencePp, lowPp, highPp);
    }
}
