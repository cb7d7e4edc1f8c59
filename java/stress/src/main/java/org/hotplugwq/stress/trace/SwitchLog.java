package org.hotplugwq.stress.trace;

import java.util.Arrays;

/** Every {@code sched_switch} of the run, compactly (tens of bytes each, millions of them): one writer, the reader. */
final class SwitchLog {
    private long[] nanos = new long[1 << 16];
    private int[] cpu = new int[1 << 16];
    private int[] prevPid = new int[1 << 16];
    private int[] nextPid = new int[1 << 16];
    private int size;

    void add(long t, int onCpu, int prev, int next) {
        if (size == nanos.length) {
            int n = size * 2;
            nanos = Arrays.copyOf(nanos, n);
            cpu = Arrays.copyOf(cpu, n);
            prevPid = Arrays.copyOf(prevPid, n);
            nextPid = Arrays.copyOf(nextPid, n);
        }
        nanos[size] = t;
        cpu[size] = onCpu;
        prevPid[size] = prev;
        nextPid[size] = next;
        size++;
    }

    int size() {
        return size;
    }

    long nanos(int i) {
        return nanos[i];
    }

    int cpu(int i) {
        return cpu[i];
    }

    int prevPid(int i) {
        return prevPid[i];
    }

    int nextPid(int i) {
        return nextPid[i];
    }
}
