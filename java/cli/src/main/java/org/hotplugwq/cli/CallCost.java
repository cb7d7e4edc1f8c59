package org.hotplugwq.cli;

import java.util.Arrays;
import org.hotplugwq.linux.CurrentCpuPath;

/**
 * A quick in-process measurement of what one {@code currentCpu()} call costs through each path: two warm-up
 * rounds for the JIT, then the best of several timed rounds (other processes on the machine can only add
 * time, so the minimum is the least noisy estimate). Good enough for a report line; the JMH suite is the
 * careful measurement. One loop per path, so each call site stays monomorphic and inlined.
 */
final class CallCost {
    private final int callsPerRound;
    private final int rounds;

    CallCost(int callsPerRound, int rounds) {
        if (callsPerRound < 1 || rounds < 1) {
            throw new IllegalArgumentException("calls and rounds must be positive");
        }
        this.callsPerRound = callsPerRound;
        this.rounds = rounds;
    }

    int callsPerRound() {
        return callsPerRound;
    }

    int rounds() {
        return rounds;
    }

    /** Best-round ns per call of {@code path.currentCpu()}. */
    double nsPerCall(CurrentCpuPath path) {
        double[] ns = new double[rounds];
        long sink = 0;
        for (int w = 0; w < 2; w++) { // warm-up: let C2 compile the loop and the call
            sink += path == CurrentCpuPath.JNI ? jniRound() : jnaRound();
        }
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += path == CurrentCpuPath.JNI ? jniRound() : jnaRound();
            ns[r] = (double) (System.nanoTime() - t0) / callsPerRound;
        }
        if (sink == Long.MIN_VALUE) { // never true: keeps the results observable
            System.err.print("");
        }
        return Arrays.stream(ns).min().orElseThrow();
    }

    private long jniRound() {
        long sum = 0;
        for (int i = 0; i < callsPerRound; i++) {
            sum += CurrentCpuPath.JNI.currentCpu();
        }
        return sum;
    }

    private long jnaRound() {
        long sum = 0;
        for (int i = 0; i < callsPerRound; i++) {
            sum += CurrentCpuPath.JNA.currentCpu();
        }
        return sum;
    }
}
