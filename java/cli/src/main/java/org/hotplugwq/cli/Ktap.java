package org.hotplugwq.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * KTAP version 1 output (the kernel's Documentation/dev-tools/ktap.rst), as kselftest runners, LAVA and KernelCI
 * read it: a version line, a plan, one result line per test ({@code ok 1 name # SKIP reason}), subtests indented
 * two spaces with their own version line and plan, and {@code #} diagnostic lines. {@link #exitCode} is
 * kselftest's: 0 pass, 1 fail, 4 skip.
 */
final class Ktap {
    /** kselftest's exit codes (tools/testing/selftests/kselftest.h). */
    static final int PASS = 0;
    static final int FAIL = 1;
    static final int SKIP = 4;

    /** How a test point ended. */
    enum Result { PASS, FAIL, SKIP }

    /**
     * One test point.
     *
     * @param reason the SKIP reason, or a failure's one-line summary (null: none)
     * @param diagnostics lines printed as {@code # ...} just before the result line
     * @param subtests nested test points (empty: a leaf)
     */
    record Point(String name, Result result, String reason, List<String> diagnostics, List<Point> subtests) {
        Point {
            diagnostics = List.copyOf(diagnostics);
            subtests = List.copyOf(subtests);
        }

        static Point leaf(String name, Result result, String reason) {
            return new Point(name, result, reason, List.of(), List.of());
        }

        /**
         * A parent's result from its subtests, as ktap.rst bubbles results up: failed if any failed, skipped if
         * all were skipped, else passed.
         */
        static Point parent(String name, List<Point> subtests, String skipReason, List<String> diagnostics) {
            boolean failed = subtests.stream().anyMatch(p -> p.result() == Result.FAIL);
            boolean allSkipped = !subtests.isEmpty() && subtests.stream().allMatch(p -> p.result() == Result.SKIP);
            Result r = failed ? Result.FAIL : allSkipped ? Result.SKIP : Result.PASS;
            return new Point(name, r, r == Result.SKIP ? skipReason : null, diagnostics, subtests);
        }
    }

    private Ktap() {
    }

    /** The whole document: version line, {@code header} as diagnostics, plan, the points, {@code footer}. */
    static String render(List<String> header, List<Point> points, List<String> footer) {
        StringBuilder b = new StringBuilder();
        block(b, "", points, header);
        footer.forEach(f -> diagnostic(b, "", f));
        return b.toString();
    }

    /** A version line, the plan right after it (ktap.rst: "plan lines follow version lines"), then the tests. */
    private static void block(StringBuilder b, String indent, List<Point> points, List<String> header) {
        b.append(indent).append("KTAP version 1\n");
        b.append(indent).append("1..").append(points.size()).append('\n');
        header.forEach(h -> diagnostic(b, indent, h));
        int n = 1;
        for (Point p : points) {
            if (!p.subtests().isEmpty()) {
                block(b, indent + "  ", p.subtests(), List.of());
            }
            p.diagnostics().forEach(d -> diagnostic(b, indent, d));
            b.append(indent).append(p.result() == Result.FAIL ? "not ok " : "ok ").append(n++).append(' ')
                    .append(description(p.name()));
            if (p.result() == Result.SKIP) {
                b.append(" # SKIP").append(p.reason() == null ? "" : " " + oneLine(p.reason()));
            } else if (p.reason() != null) {
                b.append(" # ").append(oneLine(p.reason()));
            }
            b.append('\n');
        }
    }

    /** The kselftest exit code of a run whose top-level tests are {@code points}. */
    static int exitCode(List<Point> points) {
        if (points.stream().anyMatch(p -> p.result() == Result.FAIL)) {
            return FAIL;
        }
        return !points.isEmpty() && points.stream().allMatch(p -> p.result() == Result.SKIP) ? SKIP : PASS;
    }

    /** Every point skipped for {@code reason}, keeping failures: what a simulated run reports. */
    static List<Point> skipPassed(List<Point> points, String reason) {
        List<Point> out = new ArrayList<>();
        for (Point p : points) {
            List<Point> subs = skipPassed(p.subtests(), reason);
            Result r = p.result() == Result.FAIL ? Result.FAIL : Result.SKIP;
            out.add(new Point(p.name(), r, r == Result.SKIP ? reason : p.reason(), p.diagnostics(), subs));
        }
        return out;
    }

    private static void diagnostic(StringBuilder b, String indent, String text) {
        text.lines().forEach(l -> b.append(indent).append("# ").append(l).append('\n'));
    }

    /** A description "can't include #" (ktap.rst); spaces become underscores, as kselftest names go. */
    static String description(String name) {
        return oneLine(name).replace('#', '_').trim().replaceAll("\\s+", "_");
    }

    private static String oneLine(String s) {
        return String.join(" ", s.strip().split("\\R+"));
    }
}
