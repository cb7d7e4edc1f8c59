package org.hotplugwq.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options shared by the hotplug commands: where sysfs is and where the state file lives. Their defaults come
 * from {@code HOTPLUGWQ_SYSFS} and {@code HOTPLUGWQ_STATE_FILE}, which the start-of-command recovery also
 * reads, so that tests and containers can redirect both consistently. Also the command's output streams.
 */
final class HotplugEnvironment {
    static final String SYSFS_ENV = "HOTPLUGWQ_SYSFS";
    static final String STATE_FILE_ENV = "HOTPLUGWQ_STATE_FILE";

    @Option(names = "--sysfs-root", paramLabel = "DIR",
            description = "CPU sysfs directory (default: $" + SYSFS_ENV + " or /sys/devices/system/cpu)")
    Path sysfsRoot;

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "record of CPUs this tool offlined (default: $" + STATE_FILE_ENV + " or /run/hotplugwq/offlined)")
    Path stateFile;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The command's standard output (picocli's, which tests redirect). */
    PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** The command's error output. */
    PrintWriter err() {
        return command.commandLine().getErr();
    }

    static Path defaultSysfsRoot() {
        String env = System.getenv(SYSFS_ENV);
        return env == null || env.isBlank() ? CpuSysfs.DEFAULT_ROOT : Path.of(env);
    }

    static Path defaultStateFile() {
        String env = System.getenv(STATE_FILE_ENV);
        return env == null || env.isBlank() ? OfflinedCpuRegistry.DEFAULT_FILE : Path.of(env);
    }

    CpuSysfs tree() {
        return new CpuSysfs(sysfsRoot != null ? sysfsRoot : defaultSysfsRoot());
    }

    OfflinedCpuRegistry registry() {
        return new OfflinedCpuRegistry(stateFile != null ? stateFile : defaultStateFile());
    }

    /** A bridge and a controller on it; closing brings back this process's temporary offlines. */
    static final class Session implements AutoCloseable {
        final CpuSysfs tree;
        final HotplugBridge bridge;
        final HotplugController controller;

        Session(CpuSysfs tree, OfflinedCpuRegistry registry) {
            this.tree = tree;
            this.bridge = HotplugBridge.forTree(tree);
            this.controller = new HotplugController(tree, bridge, registry);
        }

        @Override
        public void close() {
            controller.close();
            bridge.close();
        }
    }

    Session session() {
        return new Session(tree(), registry());
    }
}
