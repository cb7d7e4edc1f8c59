package org.hotplugwq.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.hotplugwq.jfr.HotplugWqEvents;

/**
 * {@code stress --jfr FILE}: a JDK Flight Recorder recording of the run (README, "JFR events"): the library's events
 * and a few of the JDK's that explain a slow run (CPU load, GC pauses, long monitor waits and parks, execution
 * samples). Written to the file when closed; {@code jfr summary FILE} lists what it holds.
 */
final class JfrRecording implements AutoCloseable {
    private final Recording recording;
    private final Path file;

    private JfrRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    /**
     * Checks that {@code file} can be written, then starts recording.
     *
     * @throws UserError when the file's folder is missing or not writable, or the file is a folder
     */
    static JfrRecording start(Path file) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new UserError("--jfr " + file + ": is a folder, not a file");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError("--jfr " + file + ": no folder " + dir);
        }
        if (!Files.isWritable(dir) || (Files.exists(absolute) && !Files.isWritable(absolute))) {
            throw new UserError("--jfr " + file + ": not writable by this user");
        }
        Recording r = new Recording();
        r.setName("hotplugwq stress");
        HotplugWqEvents.enableAll(r);
        r.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
        r.enable("jdk.GarbageCollection");
        r.enable("jdk.GCPhasePause");
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(20));
        r.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(10));
        r.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(10));
        try {
            r.setDestination(absolute);
        } catch (IOException e) {
            r.close();
            throw new UserError("--jfr " + file + ": " + e.getMessage());
        }
        r.start();
        return new JfrRecording(r, absolute);
    }

    /** The file the recording goes to. */
    Path file() {
        return file;
    }

    /** Stops the recording, which writes it to the file. */
    @Override
    public void close() {
        try {
            recording.stop();
        } catch (IllegalStateException notRunning) {
            // already stopped
        } finally {
            recording.close();
        }
        if (!Files.exists(file)) {
            throw new UncheckedIOException(new IOException("JFR recording not written to " + file));
        }
    }
}
