package org.hotplugwq.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One private tracefs instance ({@code instances/<name>}): its own ring buffer, clock and events. Removed
 * ({@code rmdir}) by {@link #close()} and, should the JVM exit first, by a shutdown hook; one left by a
 * {@code kill -9} is removed by the next {@link TraceFs#createInstance}.
 */
public final class TraceInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceInstance.class);

    private final Path dir;
    private final List<String> events;
    private final Thread exitHook;
    private volatile Runnable beforeExitRemoval = () -> { };
    private boolean closed;

    private TraceInstance(Path dir, List<String> events) {
        this.dir = dir;
        this.events = List.copyOf(events);
        this.exitHook = new Thread(() -> {
            beforeExitRemoval.run();
            remove(dir);
        }, "trace-instance-exit");
    }

    static TraceInstance create(Path dir, List<String> events, int bufferKbPerCpu, String clock) throws IOException {
        Files.createDirectory(dir); // the kernel fills it
        TraceInstance t = new TraceInstance(dir, events);
        try {
            Runtime.getRuntime().addShutdownHook(t.exitHook);
            t.write("trace_clock", clock);
            if (!t.clock().equals(clock)) {
                throw new IOException(dir + ": trace_clock " + clock + " not accepted (" + t.read("trace_clock")
                        + ")");
            }
            t.write("buffer_size_kb", Integer.toString(bufferKbPerCpu));
            for (String e : events) {
                t.write("events/" + e + "/enable", "1");
            }
            t.write("tracing_on", "1");
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** Run by the JVM exit hook before the instance is removed: a reader stops there (an open pipe blocks rmdir). */
    void beforeExitRemoval(Runnable r) {
        this.beforeExitRemoval = r;
    }

    /** The instance's directory under {@code instances/}. */
    public Path dir() {
        return dir;
    }

    /** The instance's name (its directory's). */
    public String name() {
        return dir.getFileName().toString();
    }

    /** The events enabled in this instance, as {@code system:event}. */
    public List<String> events() {
        return events;
    }

    /** The clock in use: the bracketed one of {@code trace_clock} ({@code [mono]}), or the file as it is. */
    public String clock() throws IOException {
        String s = read("trace_clock");
        int a = s.indexOf('[');
        int b = s.indexOf(']', a + 1);
        return a >= 0 && b > a ? s.substring(a + 1, b) : s.strip();
    }

    /** The buffer size per CPU in KiB, as the kernel took it. */
    public int bufferKbPerCpu() throws IOException {
        String s = read("buffer_size_kb").strip();
        int sp = s.indexOf(' ');
        return Integer.parseInt(sp < 0 ? s : s.substring(0, sp));
    }

    /**
     * Events lost because the buffer was full ({@code per_cpu/cpuN/stats}: {@code overrun}), summed over the CPUs;
     * 0 when there are no stats (a fake tree).
     */
    public long overruns() {
        Path perCpu = dir.resolve("per_cpu");
        if (!Files.isDirectory(perCpu)) {
            return 0;
        }
        long sum = 0;
        try (DirectoryStream<Path> cpus = Files.newDirectoryStream(perCpu, "cpu*")) {
            for (Path c : cpus) {
                sum += statsField(c.resolve("stats"), "overrun");
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot read per-CPU stats: {}", dir, e.toString());
        }
        return sum;
    }

    /** {@code key: N} of a stats file, 0 when absent. */
    static long statsField(Path stats, String key) throws IOException {
        if (!Files.exists(stats)) {
            return 0;
        }
        for (String line : Files.readAllLines(stats, StandardCharsets.US_ASCII)) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).strip());
            }
        }
        return 0;
    }

    /** The consuming reader of the buffer: a read blocks until there is an event (see {@link TracePipeReader}). */
    public InputStream openPipe() throws IOException {
        return new FileInputStream(dir.resolve("trace_pipe").toFile());
    }

    /** Sets {@code event}'s filter ({@code "sched/sched_switch"}, {@code "prev_pid != 42 && next_pid != 42"}). */
    public void filter(String event, String expression) throws IOException {
        write("events/" + event + "/filter", expression);
    }

    /** Writes {@code text} into this instance's buffer ({@code trace_marker}: a {@code tracing_mark_write}). */
    public void mark(String text) throws IOException {
        write("trace_marker", text);
    }

    String read(String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII);
    }

    void write(String file, String value) throws IOException {
        Path f = dir.resolve(file);
        if (!Files.isDirectory(f.getParent())) {
            Files.createDirectories(f.getParent()); // only on a fake tree: tracefs has them all
        }
        Files.writeString(f, value, StandardCharsets.US_ASCII);
    }

    /** Stops tracing and removes the instance; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        remove(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException exiting) {
            // the hook is running or about to: it removes nothing more than we did
        }
    }

    /**
     * Tracing off, events off, {@code rmdir}. On a fake tree (plain files) the directory is not empty after that,
     * and its files are deleted too; on tracefs the {@code rmdir} alone removes it.
     */
    static void remove(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.writeString(dir.resolve("tracing_on"), "0", StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("events/enable"), "0", StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            // removed anyway below
        }
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            deleteTree(dir);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.warn("cannot remove trace instance {}: {}", dir, e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove trace instance {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "trace instance " + dir;
    }
}
