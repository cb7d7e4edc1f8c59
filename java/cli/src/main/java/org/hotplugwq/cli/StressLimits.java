package org.hotplugwq.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.hotplugwq.stress.DurationParser;

/**
 * The bounds of {@code stress}'s counts and durations, checked before anything starts: a value outside is
 * refused in one line that says the bound (README, "Refusals and exit codes"). Without them a typo such as
 * {@code --producers 100000} starts a run that never ends.
 */
final class StressLimits {
    static final int MAX_SIMULATED_CPUS = 256;
    static final int MAX_PRODUCERS = 256;
    static final int MAX_WORKQUEUES = 64;
    static final Duration MAX_DURATION = Duration.ofDays(7);
    static final Duration MAX_WORK_TIME = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofHours(1);

    private StressLimits() {
    }

    /** {@code value} when within {@code min..max}, else a refusal naming the option and the bound. */
    static int count(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(option + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** {@code --simulate N}: absent (0, a real run when possible) or 2..{@value #MAX_SIMULATED_CPUS} CPUs. */
    static int simulate(Integer cpus) {
        return cpus == null ? 0 : count("--simulate", cpus, 2, MAX_SIMULATED_CPUS);
    }

    /** A positive duration of at most {@code max}. */
    static Duration positive(String option, Duration d, Duration max) {
        if (d.isZero() || d.isNegative()) {
            throw new UserError(option + " must be positive, got " + DurationParser.format(d));
        }
        return atMost(option, d, max);
    }

    static Duration atMost(String option, Duration d, Duration max) {
        if (d.compareTo(max) > 0) {
            throw new UserError(option + " must be at most " + typed(max) + ", got " + typed(d));
        }
        return d;
    }

    /** As a user types it: whole hours as {@code 168h}, else the parser's own short form. */
    private static String typed(Duration d) {
        return d.toMinutes() >= 60 && d.toMinutesPart() == 0 && d.toSecondsPart() == 0 && d.toNanosPart() == 0
                ? d.toHours() + "h" : DurationParser.format(d);
    }

    /** A share of operations, 0..1 (NaN is none). */
    static double rate(String option, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new UserError(option + " must be a rate in 0..1, got " + rate);
        }
        return rate;
    }

    /**
     * Refuses an {@code --out} where the reports cannot be written, before the run: a path that is not a
     * directory, one below a file, or a place this user cannot write (access(2): a read-only mount, a root-owned
     * folder for another user).
     */
    static Path outDir(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new UserError("--out " + out + ": no part of the path exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new UserError("--out " + out + ": " + (existing.equals(abs) ? "is a file, not a directory"
                    : existing + " is a file, not a directory"));
        }
        if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
            throw new UserError("--out " + out + ": " + existing + " is not writable by this user");
        }
        if (existing.equals(abs)) {
            for (String name : new String[] {"report.json", "report.html"}) {
                Path f = abs.resolve(name);
                if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) && (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        || !Files.isWritable(f))) {
                    throw new UserError("--out " + out + ": " + f + " exists and cannot be replaced");
                }
            }
        }
        return out;
    }
}
