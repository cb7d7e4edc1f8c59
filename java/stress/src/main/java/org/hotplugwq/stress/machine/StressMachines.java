package org.hotplugwq.stress.machine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.LinuxProbes;
import org.hotplugwq.stress.StressOptions;

/** Chooses the machine of a run: the real one when we may hotplug here, else a simulated one and why. */
public final class StressMachines {
    private StressMachines() {
    }

    /** Why a real run is impossible here, or null when it is possible. */
    public static String whyNotReal() {
        return whyNotReal(CpuSysfs.system());
    }

    /** Why a real run on {@code tree} is impossible, or null when it is possible. */
    public static String whyNotReal(CpuSysfs tree) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "not Linux (" + System.getProperty("os.name") + ")";
        }
        if (!LinuxProbes.isRoot()) {
            return "not root: CPU hotplug needs root";
        }
        if (tree.present().stream().noneMatch(tree::hasOnlineFile)) {
            return "no hotpluggable CPU here (no " + tree.root() + "/cpuN/online file)";
        }
        LinuxProbes.Probe writable = LinuxProbes.writableFileSystem(tree.root());
        if (!writable.available()) {
            return "sysfs is not writable here (" + writable.detail() + "; a container?)";
        }
        return null;
    }

    /** A simulated machine of {@code --simulate} CPUs, or as many as this machine has (at least 2). */
    public static StressMachine simulated(StressOptions options, String reason) {
        int cpus = options.simulateCpus() > 0 ? options.simulateCpus()
                : Math.max(2, Runtime.getRuntime().availableProcessors());
        return new SimulatedStressMachine(cpus, options.seed(), reason, options.source(),
                options.pollInterval().toNanos());
    }

    /**
     * The machine of a run: simulated when asked to ({@code --simulate}) or when a real run is impossible
     * (the reason goes in the banner), else this machine's CPUs.
     *
     * @param stateFile where offlined CPUs are recorded (see {@code hotplugwq restore})
     */
    public static StressMachine open(StressOptions options, Path stateFile, Consumer<String> notice) {
        return open(options, CpuSysfs.system(), stateFile, notice);
    }

    /** As above, on the CPUs of {@code tree} (the command line's {@code --sysfs-root}). */
    public static StressMachine open(StressOptions options, CpuSysfs tree, Path stateFile,
                                     Consumer<String> notice) {
        if (options.simulateCpus() > 0) {
            return simulated(options, "--simulate " + options.simulateCpus() + " asked for simulated CPUs");
        }
        String why = whyNotReal(tree);
        if (why != null) {
            return simulated(options, why);
        }
        return RealStressMachine.open(options, tree, stateFile, notice);
    }
}
