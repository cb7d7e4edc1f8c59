package org.hotplugwq.stress.trace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * When and where the kernel ran each thread of interest, from the context switches: per tid, the intervals from a
 * switch-in on a CPU to the switch-out there. A thread running when the trace began runs from {@code fromNanos};
 * one still running at its end, until {@code toNanos}.
 */
final class RunIntervals {
    /** One thread's intervals, in time order. */
    static final class Runs {
        int size;
        long[] start = new long[16];
        long[] end = new long[16];
        int[] cpu = new int[16];
        int openCpu = -1;
        long openStart;
        boolean seen;

        void add(long s, long e, int c) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                cpu = Arrays.copyOf(cpu, size * 2);
            }
            start[size] = s;
            end[size] = e;
            cpu[size] = c;
            size++;
        }

        /** The first interval ending at or after {@code t}. */
        int firstEndingFrom(long t) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (end[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private final Map<Integer, Runs> byTid = new HashMap<>();

    RunIntervals(SwitchLog log, Set<Integer> tids, long fromNanos, long toNanos) {
        for (int tid : tids) {
            byTid.put(tid, new Runs());
        }
        for (int i = 0; i < log.size(); i++) {
            long t = log.nanos(i);
            int c = log.cpu(i);
            Runs out = byTid.get(log.prevPid(i));
            if (out != null) {
                if (out.openCpu == c) {
                    out.add(out.openStart, t, c);
                    out.openCpu = -1;
                } else if (!out.seen) {
                    out.add(fromNanos, t, c); // running since before the trace began
                }
                // else: its switch-in elsewhere was logged first (same microsecond): already closed there
                out.seen = true;
            }
            Runs in = byTid.get(log.nextPid(i));
            if (in != null) {
                if (in.openCpu >= 0) {
                    in.add(in.openStart, t, in.openCpu); // its switch-out comes later in the merge: close it here
                }
                in.openCpu = c;
                in.openStart = t;
                in.seen = true;
            }
        }
        for (Runs r : byTid.values()) {
            if (r.openCpu >= 0) {
                r.add(r.openStart, toNanos, r.openCpu);
                r.openCpu = -1;
            }
        }
    }

    /** The thread's intervals, or null when it is not a thread of interest. */
    Runs of(int tid) {
        return byTid.get(tid);
    }
}
