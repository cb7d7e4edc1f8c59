package org.hotplugwq.stress;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.StressMachine;

/**
 * The live line: elapsed/total, works/s, hotplug operations, online CPUs, wrong-CPU so far. On a terminal it
 * rewrites itself in place every tick; otherwise it prints a plain line every {@link #PLAIN_EVERY} ticks.
 */
final class ProgressLine implements Runnable {
    private static final int PLAIN_EVERY = 5;

    private final PrintStream out;
    private final boolean tty;
    private final long tickNanos;
    private final long totalNanos;
    private final long originNanos;
    private final List<PolicyRun> runs;
    private final HotplugLog log;
    private final StressMachine machine;
    private final CountDownLatch stop = new CountDownLatch(1);

    ProgressLine(PrintStream out, boolean tty, long tickNanos, long totalNanos, long originNanos, List<PolicyRun> runs,
                 HotplugLog log, StressMachine machine) {
        this.out = out;
        this.tty = tty;
        this.tickNanos = tickNanos;
        this.totalNanos = totalNanos;
        this.originNanos = originNanos;
        this.runs = runs;
        this.log = log;
        this.machine = machine;
    }

    void stop() {
        stop.countDown();
    }

    @Override
    public void run() {
        long lastWorks = 0;
        long lastNanos = originNanos;
        int tick = 0;
        try {
            while (!stop.await(tickNanos, TimeUnit.NANOSECONDS)) {
                long now = System.nanoTime();
                long works = 0;
                long wrong = 0;
                for (PolicyRun r : runs) {
                    works += r.collector.executed();
                    wrong += r.collector.offCpu();
                }
                double rate = (works - lastWorks) / Math.max(1e-9, (now - lastNanos) / 1e9);
                lastWorks = works;
                lastNanos = now;
                String line = String.format("%5.1f/%.0f s  %,9.0f works/s  %5d hotplug ops  online %-8s  wrong-CPU %,d",
                        (now - originNanos) / 1e9, totalNanos / 1e9, rate, log.changedCount(),
                        machine.onlineCpus(), wrong);
                if (tty) {
                    out.print("\r" + line + "   ");
                    out.flush();
                } else if (++tick % PLAIN_EVERY == 0) {
                    out.println(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tty) {
            out.println();
        }
    }
}
