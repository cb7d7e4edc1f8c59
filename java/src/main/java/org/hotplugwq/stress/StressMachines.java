package org.hotplugwq.stress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Chooses the machine of a run: the real one when we may hotplug here, else a simulated one and why. */
public final class StressMachines {
    private static final Path CPU_ROOT = Path.of("/sys/devices/system/cpu");

    private StressMachines() {
    }

    /** Why a real run is impossible here, or null when it is possible. */
    public static String whyNotReal() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "not Linux (" + System.getProperty("os.name") + ")";
        }
        if (!isRoot()) {
            return "not root: CPU hotplug needs root";
        }
        if (hotpluggableCount() == 0) {
            return "no hotpluggable CPU here (no " + CPU_ROOT + "/cpuN/online file)";
        }
        return "the real hotplug bridge is not in this build yet";
    }

    /** A simulated machine of {@code cpus} CPUs (at least 2). */
    public static StressMachine simulated(StressOptions options, String reason) {
        int cpus = options.simulateCpus() > 0 ? options.simulateCpus()
                : Math.max(2, Runtime.getRuntime().availableProcessors());
        return new SimulatedStressMachine(cpus, options.seed(), reason, options.source(),
                options.pollInterval().toNanos());
    }

    /** The machine of a run with these options: simulated when asked to (--simulate) or when real is impossible. */
    public static StressMachine open(StressOptions options) {
        if (options.simulateCpus() > 0) {
            return simulated(options, "--simulate " + options.simulateCpus() + " asked for simulated CPUs");
        }
        String why = whyNotReal();
        return simulated(options, why);
    }

    static boolean isRoot() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String l : lines) {
                if (l.startsWith("Uid:")) {
                    return l.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static int hotpluggableCount() {
        try (var dirs = Files.list(CPU_ROOT)) {
            return (int) dirs.filter(d -> d.getFileName().toString().matches("cpu\\d+"))
                    .filter(d -> Files.exists(d.resolve("online"))).count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
