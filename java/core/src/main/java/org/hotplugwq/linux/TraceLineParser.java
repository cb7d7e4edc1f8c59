package org.hotplugwq.linux;

/**
 * Parses the text lines of a tracefs trace, as {@code trace} and {@code trace_pipe} print them:
 * <pre>
 *  C2 CompilerThre-13250   [001] d..2. 13843.872047: sched_switch: prev_comm=C2 CompilerThre prev_pid=13250 ...
 *    cpuhp/1-22   [001] ..... 13843.872050: cpuhp_enter: cpu: 0001 target: 144 step: 235 (sched_cpu_deactivate)
 *    cpuhp/1-22   [001] ..... 13843.888101: cpuhp_exit:  cpu: 0001  state: 234 step: 235 ret: 0
 * </pre>
 * The task name may hold blanks and dashes, so the line is read from the {@code [cpu]} field on. Lines of other
 * events, header lines and malformed lines give {@code null}: a trace is read as it comes, never thrown at.
 * The timestamp ({@code seconds.micros} for the nanosecond clocks: {@code mono}, {@code local}, ...) becomes
 * nanoseconds.
 */
public final class TraceLineParser {
    private TraceLineParser() {
    }

    /** The event on {@code line}, or null when it is none of {@link TraceEvent}'s kinds (or is malformed). */
    public static TraceEvent parse(String line) {
        try {
            return parseOrThrow(line);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static TraceEvent parseOrThrow(String line) {
        if (line.isEmpty() || line.charAt(0) == '#') {
            return null;
        }
        int open = cpuField(line);
        if (open < 0) {
            return null;
        }
        int close = line.indexOf(']', open);
        int cpu = Integer.parseInt(line.substring(open + 1, close).strip());
        int tsEnd = line.indexOf(": ", close);
        int tsStart = line.lastIndexOf(' ', tsEnd - 1) + 1;
        long nanos = parseSeconds(line, tsStart, tsEnd);
        int nameEnd = line.indexOf(": ", tsEnd + 2);
        if (nameEnd < 0) {
            return null;
        }
        String event = line.substring(tsEnd + 2, nameEnd);
        String body = line.substring(nameEnd + 2);
        return switch (event) {
            case "sched_switch" -> schedSwitch(nanos, cpu, body);
            case "cpuhp_enter" -> enter(nanos, cpu, body, false);
            case "cpuhp_multi_enter" -> enter(nanos, cpu, body, true);
            case "cpuhp_exit" -> new TraceEvent.CpuhpExit(nanos, cpu, intAfter(body, "cpu:"), intAfter(body, "state:"),
                    intAfter(body, "step:"), intAfter(body, "ret:"));
            case "tracing_mark_write" -> new TraceEvent.Marker(nanos, cpu, body.strip());
            default -> null;
        };
    }

    /** The index of the '[' of the {@code [NNN]} CPU field: the first '[' followed by digits and ']'. */
    private static int cpuField(String line) {
        for (int i = line.indexOf('['); i >= 0; i = line.indexOf('[', i + 1)) {
            int j = i + 1;
            while (j < line.length() && (Character.isDigit(line.charAt(j)) || line.charAt(j) == ' ')) {
                j++;
            }
            if (j > i + 1 && j < line.length() && line.charAt(j) == ']') {
                return i;
            }
        }
        return -1;
    }

    /** {@code 13843.872047} (or {@code .872047123}) → nanoseconds. */
    static long parseSeconds(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        if (dot < 0 || dot > to) {
            return Long.parseLong(s.substring(from, to)); // a counter clock: raw ticks
        }
        long seconds = Long.parseLong(s.substring(from, dot));
        String frac = s.substring(dot + 1, to);
        long fracNanos = Long.parseLong(frac);
        for (int i = frac.length(); i < 9; i++) {
            fracNanos *= 10;
        }
        return seconds * 1_000_000_000L + fracNanos;
    }

    private static TraceEvent.SchedSwitch schedSwitch(long nanos, int cpu, String body) {
        int arrow = body.indexOf(" ==> ");
        String prev = body.substring(0, arrow);
        String next = body.substring(arrow + 5);
        return new TraceEvent.SchedSwitch(nanos, cpu, between(prev, "prev_comm=", " prev_pid="),
                intAfter(prev, " prev_pid="), wordAfter(prev, " prev_state="),
                between(next, "next_comm=", " next_pid="), intAfter(next, " next_pid="));
    }

    private static TraceEvent.CpuhpEnter enter(long nanos, int cpu, String body, boolean multi) {
        int paren = body.lastIndexOf('(');
        String function = body.substring(paren + 1, body.lastIndexOf(')'));
        return new TraceEvent.CpuhpEnter(nanos, cpu, intAfter(body, "cpu:"), intAfter(body, "target:"),
                intAfter(body, "step:"), function, multi);
    }

    private static String between(String s, String start, String end) {
        int a = s.indexOf(start) + start.length();
        return s.substring(a, s.indexOf(end, a));
    }

    private static String wordAfter(String s, String key) {
        int a = s.indexOf(key) + key.length();
        int b = s.indexOf(' ', a);
        return s.substring(a, b < 0 ? s.length() : b);
    }

    /** The (possibly zero-padded, possibly blank-preceded, possibly negative) integer after {@code key}. */
    private static int intAfter(String s, String key) {
        int k = s.indexOf(key);
        if (k < 0) {
            throw new IllegalArgumentException("no " + key);
        }
        int i = k + key.length();
        while (s.charAt(i) == ' ') {
            i++;
        }
        int j = i;
        if (s.charAt(j) == '-') {
            j++;
        }
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
        }
        return Integer.parseInt(s.substring(i, j));
    }
}
