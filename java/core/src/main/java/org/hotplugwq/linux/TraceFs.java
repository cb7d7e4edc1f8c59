package org.hotplugwq.linux;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's tracing file system ({@code /sys/kernel/tracing}), used through private instances
 * ({@code instances/<name>}, each with its own buffer, clock and events) so that we never disturb the global trace
 * or anyone else's. The root is configurable (a fake tree in tests). {@link #unavailabilityCause()} says in one line
 * why tracing cannot be used here, so callers print it and go on without.
 */
public final class TraceFs {
    public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/tracing");
    /** Instance names start with this, then the owner's pid: stale ones of dead processes are removed. */
    static final String PREFIX = "hotplugwq-";

    private final Path root;
    private final boolean mountIfMissing;
    private String cause;
    private boolean checked;

    private TraceFs(Path root, boolean mountIfMissing) {
        this.root = root;
        this.mountIfMissing = mountIfMissing;
    }

    /** The machine's tracefs; mounted on {@link #DEFAULT_ROOT} if it is not (as root). */
    public static TraceFs system() {
        return new TraceFs(DEFAULT_ROOT, true);
    }

    /** A tracefs (or a fake one) at {@code root}, never mounted by us. */
    public static TraceFs at(Path root) {
        return new TraceFs(root, false);
    }

    /** The tracefs directory this instance works under ({@code /sys/kernel/tracing} on a real machine). */
    public Path root() {
        return root;
    }

    /** Whether private instances can be made here. */
    public boolean isAvailable() {
        return unavailabilityCause() == null;
    }

    /** Null when tracing can be used, else one line saying why not. Mounts tracefs the first time if needed. */
    public synchronized String unavailabilityCause() {
        if (!checked) {
            cause = check();
            checked = true;
        }
        return cause;
    }

    private String check() {
        Path instances = root.resolve("instances");
        if (!Files.isDirectory(instances) && mountIfMissing) {
            if (!Files.isDirectory(root)) {
                return "no " + root + " (a kernel without tracefs?)";
            }
            String failed = TraceCalls.mountTracefs(root.toString());
            if (failed != null) {
                return "tracefs is not mounted on " + root + " and mounting it failed: " + failed
                        + (LinuxProbes.isRoot() ? "" : " (needs root)");
            }
        }
        if (!Files.isDirectory(instances)) {
            return "no tracefs at " + root + " (no instances/ directory)";
        }
        if (!Files.isWritable(instances)) {
            return instances + " is not writable (tracing needs root)";
        }
        return null;
    }

    /** The events of {@code events} ({@code "sched/sched_switch"}, ...) this kernel lacks. */
    public List<String> missingEvents(List<String> events) {
        return events.stream().filter(e -> !Files.isDirectory(root.resolve("events").resolve(e))).toList();
    }

    /**
     * A new private instance named {@code hotplugwq-<pid>-<purpose>-<n>}: clock, buffer size and events as asked,
     * tracing on. Instances left by processes that are gone ({@code kill -9}) are removed first.
     *
     * @param events {@code "sched/sched_switch"}, {@code "cpuhp/cpuhp_enter"}, ...
     * @throws IOException when tracefs refuses (the message says what), or {@link #unavailabilityCause()} is set
     */
    public TraceInstance createInstance(String purpose, List<String> events, int bufferKbPerCpu, String clock)
            throws IOException {
        String why = unavailabilityCause();
        if (why != null) {
            throw new IOException(why);
        }
        List<String> missing = missingEvents(events);
        if (!missing.isEmpty()) {
            throw new IOException("this kernel has no trace event " + String.join(", ", missing));
        }
        removeStaleInstances();
        long pid = ProcessHandle.current().pid();
        String name = PREFIX + pid + "-" + purpose + "-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        return TraceInstance.create(root.resolve("instances").resolve(name), events, bufferKbPerCpu, clock);
    }

    /** Removes our instances whose process is gone. */
    void removeStaleInstances() {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root.resolve("instances"), PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) {
                    TraceInstance.remove(d);
                }
            }
        } catch (IOException e) {
            // best effort: a stale instance costs memory, not correctness
        }
    }

    @Override
    public String toString() {
        return "tracefs " + root;
    }
}
