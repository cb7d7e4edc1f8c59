package org.hotplugwq.stress;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.stress.machine.HotplugLog;
import org.hotplugwq.stress.machine.StressMachine;

/**
 * The live line: elapsed/total, then totals over the policies (works/s, wrong-CPU so far), hotplug operations,
 * online CPUs, within the terminal's width ({@link Terminal}). On a terminal it rewrites itself in place every
 * tick; otherwise it prints a plain line every {@link #PLAIN_EVERY} ticks.
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
    private final int columns = Terminal.columns();

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

    /**
     * The parts joined by two spaces, as many as fit in {@code width} (the first always, cut if it must): a line
     * wider than the terminal would leave a broken line behind at every {@code \r}.
     */
    static String fit(int width, String... parts) {
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length && b.length() + 2 + parts[i].length() <= width; i++) {
            b.append("  ").append(parts[i]);
        }
        return b.length() <= width ? b.toString() : b.substring(0, Math.max(0, width));
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
                String line = fit(columns - 1, String.format(Locale.ROOT, "%5.1f/%.0fs", (now - originNanos) / 1e9,
                        totalNanos / 1e9), String.format(Locale.ROOT, "total of %d policies: %,.0f works/s",
                        runs.size(), rate), String.format(Locale.ROOT, "wrong-CPU %,d", wrong),
                        String.format(Locale.ROOT, "%d hotplug ops", log.changedCount()),
                        "online " + machine.onlineCpus());
                if (tty) {
                    out.print("\r" + line + " ".repeat(Math.max(0, columns - 1 - line.length())));
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
