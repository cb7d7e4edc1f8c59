package org.hotplugwq.linux;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an instance's {@code trace_pipe} on its own thread with a plain {@link java.io.FileInputStream}, parses each
 * line ({@link TraceLineParser}) and hands the events to a sink, in the trace's order. A read blocks until the kernel
 * has an event and returns as soon as it has; at normal priority the thread may wait ~10 ms for a CPU behind busy
 * ones, so it asks for {@code SCHED_FIFO} first ({@link #realtimeCause()} says why it did not get it).
 *
 * <p>{@link #close()} writes a stop marker into the instance (which wakes the blocked read) and waits for the
 * thread. {@link #checkClock} compares a marker's trace time with {@link System#nanoTime()} around its write.
 */
public final class TracePipeReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TracePipeReader.class);
    private static final String STOP = "hotplugwq-stop-";
    private static final String CLOCK = "hotplugwq-clock-";
    /** A read of fewer bytes than this (a few events) means the pipe is drained. */
    private static final int NEARLY_EMPTY = 1024;

    /**
     * A marker written between {@code beforeNanos} and {@code afterNanos} ({@link System#nanoTime()}) was logged at
     * {@code traceNanos}: the trace clock is {@code nanoTime}'s when it lies between them (to the microsecond the
     * text prints).
     */
    public record ClockCheck(long beforeNanos, long traceNanos, long afterNanos) {
        /** Whether the trace's time lies between the two {@code nanoTime} reads (1 µs of print rounding allowed). */
        public boolean agrees() {
            return traceNanos >= beforeNanos - 1_000 && traceNanos <= afterNanos;
        }

        /** How far the trace time is outside the window, 0 when inside. */
        public long offsetNanos() {
            return agrees() ? 0 : traceNanos < beforeNanos ? traceNanos - beforeNanos : traceNanos - afterNanos;
        }
    }

    private final TraceInstance instance;
    private final Consumer<TraceEvent> sink;
    private final int realtimePriority;
    private final long pauseNanos;
    private final String stopToken;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile CompletableFuture<Long> clockMarker;
    private volatile String realtimeCause = "not started";
    private volatile long lines;
    private volatile long events;
    private volatile Throwable failure;
    private volatile int tid = -1;
    private Thread thread;

    /**
     * @param realtimePriority the {@code SCHED_FIFO} priority to ask for (1..99); 0: stay at normal priority
     */
    public TracePipeReader(TraceInstance instance, Consumer<TraceEvent> sink, int realtimePriority) {
        this(instance, sink, realtimePriority, Duration.ZERO);
    }

    /**
     * @param pause after a read that emptied the pipe, wait this long before the next one. A trace of
     *     {@code sched_switch} needs it: a reader woken for each event logs two switches per wake-up and so wakes
     *     itself for ever; pausing, it reads in batches and logs two switches per pause.
     */
    public TracePipeReader(TraceInstance instance, Consumer<TraceEvent> sink, int realtimePriority, Duration pause) {
        this.instance = instance;
        this.sink = sink;
        this.realtimePriority = realtimePriority;
        this.pauseNanos = pause.toNanos();
        this.stopToken = STOP + Long.toHexString(System.nanoTime());
    }

    /** Starts the thread and returns once it has its priority and has opened the pipe. */
    public synchronized void start() throws IOException {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        InputStream in = instance.openPipe();
        instance.beforeExitRemoval(() -> stop(Duration.ofSeconds(1)));
        thread = new Thread(() -> loop(in), "trace-pipe");
        thread.setDaemon(true);
        thread.start();
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(InputStream in) {
        try {
            tid = ThreadIds.current();
        } catch (RuntimeException | LinkageError e) {
            tid = -1;
        }
        if (realtimePriority > 0) {
            realtimeCause = TraceCalls.realtime(realtimePriority);
        } else {
            realtimeCause = "normal priority asked";
        }
        started.countDown();
        byte[] buf = new byte[1 << 16];
        StringBuilder line = new StringBuilder(256);
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xff);
                    if (c != '\n') {
                        line.append(c);
                        continue;
                    }
                    boolean stop = handle(line.toString());
                    line.setLength(0);
                    if (stop) {
                        return;
                    }
                }
                if (pauseNanos > 0 && n < NEARLY_EMPTY) { // a read returns at most a page: pause only when drained
                    java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                }
            }
            if (line.length() > 0) {
                handle(line.toString());
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
            LOG.error("{}: reading trace_pipe failed", instance, e);
        }
    }

    /** One line; true when it is our stop marker. */
    private boolean handle(String text) {
        lines++; // only this thread writes it
        TraceEvent e = TraceLineParser.parse(text);
        if (e == null) {
            return false;
        }
        if (e instanceof TraceEvent.Marker m) {
            if (m.text().equals(stopToken)) {
                return true;
            }
            CompletableFuture<Long> c = clockMarker;
            if (c != null && m.text().startsWith(CLOCK)) {
                c.complete(m.nanos());
                return false;
            }
        }
        events++;
        sink.accept(e);
        return false;
    }

    /** Null when the reader runs at real-time priority, else why not (one line). */
    public String realtimeCause() {
        return realtimeCause;
    }

    /**
     * The reader thread's Linux tid once started (-1 if unknown). Not to be filtered out of a {@code sched_switch}
     * trace: each of its switches is also the other side's (the switch-out of the thread it follows); pace the
     * reader instead (the constructor's {@code pause}).
     */
    public int tid() {
        return tid;
    }

    /** Lines read so far. */
    public long lines() {
        return lines;
    }

    /** Events handed to the sink so far. */
    public long events() {
        return events;
    }

    /** What stopped the reader early, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Writes a marker between two {@link System#nanoTime()} reads and waits for the reader to see it: the evidence
     * that the instance's clock is {@code nanoTime}'s (README, "Tracing").
     */
    public ClockCheck checkClock(Duration timeout) throws IOException, TimeoutException {
        CompletableFuture<Long> c = new CompletableFuture<>();
        clockMarker = c;
        long before = System.nanoTime();
        instance.mark(CLOCK + before);
        long after = System.nanoTime();
        try {
            return new ClockCheck(before, c.get(timeout.toNanos(), TimeUnit.NANOSECONDS), after);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            clockMarker = null;
        }
    }

    /**
     * Makes the reader stop after every event logged before this call: writes the stop marker and waits for the
     * thread (at most {@code timeout}). Returns whether it stopped.
     */
    public boolean stop(Duration timeout) {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null || !t.isAlive()) {
            return true;
        }
        try {
            instance.mark(stopToken);
            t.join(timeout.toMillis());
        } catch (IOException e) {
            LOG.warn("{}: cannot write the stop marker: {}", instance, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** {@link #stop} with 5 s; a thread still blocked then is left behind (a daemon, its instance removed). */
    @Override
    public void close() {
        if (!stop(Duration.ofSeconds(5))) {
            LOG.warn("{}: the trace_pipe reader did not stop", instance);
        }
    }
}
