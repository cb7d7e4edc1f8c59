package org.hotplugwq.stress;

import java.io.IOException;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the run when a tracked wait (a flush, a destroy, the shutdown) has lasted longer than its limit:
 * writes a full thread dump to the out dir and tells the runner, which stops waiting and reports a hang.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    /** A tracked wait; close it when the wait is over. */
    public interface Token extends AutoCloseable {
        @Override
        void close();
    }

    private final long limitNanos;
    private final Path outDir;
    private final Runnable onFire;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, String> whats = new ConcurrentHashMap<>();
    private final Map<Long, Long> starts = new ConcurrentHashMap<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile String fired;
    private volatile Path dumpFile;

    Watchdog(Duration limit, Path outDir, Runnable onFire) {
        this.limitNanos = limit.toNanos();
        this.outDir = outDir;
        this.onFire = onFire;
        this.thread = new Thread(this::watch, "stress-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    public Token track(String what) {
        long id = ids.incrementAndGet();
        whats.put(id, what);
        starts.put(id, System.nanoTime());
        return () -> {
            starts.remove(id);
            whats.remove(id);
        };
    }

    private void watch() {
        long period = Math.max(10, Math.min(500, TimeUnit.NANOSECONDS.toMillis(limitNanos) / 4));
        try {
            while (!stop.await(period, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                for (Map.Entry<Long, Long> e : starts.entrySet()) {
                    if (now - e.getValue() > limitNanos) {
                        fire(whats.getOrDefault(e.getKey(), "?"), now - e.getValue());
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fire(String what, long stuckNanos) {
        fired = what + " stuck for " + TimeUnit.NANOSECONDS.toMillis(stuckNanos) + " ms";
        try {
            Files.createDirectories(outDir);
            Path file = outDir.resolve("threaddump.txt");
            Files.writeString(file, threadDump(fired));
            dumpFile = file;
        } catch (IOException | RuntimeException e) {
            LOG.error("watchdog: cannot write the thread dump: {}", e.toString());
        }
        LOG.error("watchdog: {}; thread dump in {}", fired, dumpFile);
        onFire.run();
    }

    static String threadDump(String why) {
        StringBuilder b = new StringBuilder("hotplugwq stress watchdog: ").append(why).append('\n')
                .append(Instant.now()).append("\n\n");
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            b.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
                    .append(' ').append(t.getThreadState());
            if (t.getLockName() != null) {
                b.append(" on ").append(t.getLockName());
            }
            if (t.getLockOwnerName() != null) {
                b.append(" owned by \"").append(t.getLockOwnerName()).append('"');
            }
            b.append('\n');
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < stack.length; i++) {
                b.append("\tat ").append(stack[i]).append('\n');
                for (MonitorInfo m : t.getLockedMonitors()) {
                    if (m.getLockedStackDepth() == i) {
                        b.append("\t- locked ").append(m).append('\n');
                    }
                }
            }
            for (LockInfo l : t.getLockedSynchronizers()) {
                b.append("\t- holds ").append(l).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** What got stuck, or null. */
    String fired() {
        return fired;
    }

    Path dumpFile() {
        return dumpFile;
    }

    @Override
    public void close() {
        stop.countDown();
    }
}
