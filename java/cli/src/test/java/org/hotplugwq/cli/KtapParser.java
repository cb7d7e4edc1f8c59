package org.hotplugwq.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of KTAP version 1, written from the kernel's Documentation/dev-tools/ktap.rst and not from our
 * printer: a document is a version line, an optional plan {@code 1..N}, then test result lines
 * {@code <ok|not ok> <number> [<description>][ # [<directive>] [<diagnostic data>]]} numbered from 1 by 1,
 * diagnostic lines {@code # ...}, and nested subtests: a version line (and plan) indented two more spaces,
 * ending before the parent's result line. Unknown lines are allowed and ignored. Anything else is an error.
 */
final class KtapParser {
    /** ktap.rst's version lines: KTAP version 1, and TAP version 13/14 for compatibility. */
    private static final Pattern VERSION = Pattern.compile("(KTAP version 1|TAP version 1[34])");
    private static final Pattern PLAN = Pattern.compile("1\\.\\.(\\d+)");
    private static final Pattern RESULT = Pattern.compile("(ok|not ok) (\\d+)( [^#]*)?( #(.*))?");
    private static final List<String> DIRECTIVES = List.of("SKIP", "TODO", "XFAIL", "TIMEOUT", "ERROR");

    /** One test: its result line, and the subtests that came before it. */
    record Test(boolean ok, int number, String description, String directive, String diagnostic,
                List<Test> subtests, List<String> diagnostics) {
        boolean skipped() {
            return "SKIP".equals(directive);
        }
    }

    /** One level of results: its plan (null: none) and its tests. */
    record Level(Integer plan, List<Test> tests, List<String> diagnostics) {
    }

    static final class KtapException extends RuntimeException {
        KtapException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private final List<String> lines;
    private int next;

    private KtapParser(String text) {
        this.lines = text.lines().toList();
    }

    /** The top level of {@code text}, checked against the spec. */
    static Level parse(String text) {
        KtapParser p = new KtapParser(text);
        if (p.lines.isEmpty() || !VERSION.matcher(p.lines.get(0)).matches()) {
            throw new KtapException(1, "KTAP output must begin with a version line, got "
                    + (p.lines.isEmpty() ? "nothing" : "'" + p.lines.get(0) + "'"));
        }
        p.next = 1;
        Level top = p.level(0);
        if (p.next < p.lines.size()) {
            throw new KtapException(p.next + 1, "unexpected '" + p.lines.get(p.next) + "'");
        }
        return top;
    }

    /** The level at {@code depth}, its version line already read; ends at a line less indented than it. */
    private Level level(int depth) {
        String indent = "  ".repeat(depth);
        Integer plan = null;
        List<Test> tests = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        List<String> pendingDiagnostics = new ArrayList<>();
        List<Test> pendingSubtests = null;
        int first = next;
        while (next < lines.size()) {
            String raw = lines.get(next);
            if (!raw.startsWith(indent) && !raw.isBlank()) {
                break; // the parent's result line
            }
            String line = raw.substring(Math.min(indent.length(), raw.length()));
            if (line.startsWith("  ") && VERSION.matcher(line.strip()).matches() && indentOf(raw) == depth + 1) {
                if (pendingSubtests != null) {
                    throw new KtapException(next + 1, "a subtest begins before the previous one got its result");
                }
                next++;
                Level sub = level(depth + 1);
                pendingSubtests = sub.tests();
                pendingDiagnostics.addAll(sub.diagnostics());
                continue;
            }
            if (line.startsWith(" ")) {
                next++; // an indented unknown line: allowed
                continue;
            }
            Matcher m;
            if ((m = PLAN.matcher(line)).matches()) {
                if (next != first) {
                    throw new KtapException(next + 1, "a plan must follow the version line");
                }
                plan = Integer.parseInt(m.group(1));
            } else if ((m = RESULT.matcher(line)).matches()) {
                int number = Integer.parseInt(m.group(2));
                if (number != tests.size() + 1) {
                    throw new KtapException(next + 1, "test number " + number + ", expected " + (tests.size() + 1));
                }
                String description = m.group(3) == null ? "" : m.group(3).strip();
                String directive = null;
                String diagnostic = null;
                if (m.group(5) != null) {
                    String after = m.group(5).strip();
                    String word = after.split("\\s+", 2)[0];
                    if (DIRECTIVES.contains(word)) {
                        directive = word;
                        diagnostic = after.substring(word.length()).strip();
                    } else {
                        diagnostic = after;
                    }
                }
                tests.add(new Test(m.group(1).equals("ok"), number, description, directive, diagnostic,
                        pendingSubtests == null ? List.of() : pendingSubtests, List.copyOf(pendingDiagnostics)));
                pendingSubtests = null;
                pendingDiagnostics.clear();
            } else if (line.startsWith("#")) {
                pendingDiagnostics.add(line.substring(1).strip());
                diagnostics.add(line.substring(1).strip());
            } else if (line.startsWith("ok") || line.startsWith("not ok") || VERSION.matcher(line).matches()) {
                throw new KtapException(next + 1, "malformed '" + line + "'");
            }
            // anything else is an unknown line: allowed, no influence on results
            next++;
        }
        if (pendingSubtests != null) {
            throw new KtapException(next + 1, "subtests at depth " + (depth + 1) + " have no parent result line");
        }
        if (plan != null && plan != tests.size()) {
            throw new KtapException(next + 1, "plan 1.." + plan + " but " + tests.size() + " tests");
        }
        return new Level(plan, tests, diagnostics);
    }

    private static int indentOf(String line) {
        int spaces = 0;
        while (spaces < line.length() && line.charAt(spaces) == ' ') {
            spaces++;
        }
        return spaces / 2;
    }
}
