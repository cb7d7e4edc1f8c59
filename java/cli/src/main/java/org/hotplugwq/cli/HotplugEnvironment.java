package org.hotplugwq.cli;

import java.nio.file.Path;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that hotplug or watch: {@code --sysfs-root} (see {@link SysfsOptions}) and
 * {@code --state-file}, whose default comes from {@code HOTPLUGWQ_STATE_FILE} (also read by the start-of-command
 * recovery).
 */
final class HotplugEnvironment extends SysfsOptions {
    static final String STATE_FILE_ENV = "HOTPLUGWQ_STATE_FILE";

    @Option(names = "--state-file", paramLabel = "FILE",
            description = "record of CPUs this tool offlined (default: $" + STATE_FILE_ENV
                    + " or /run/hotplugwq/offlined)")
    Path stateFile;

    static Path defaultStateFile() {
        String env = System.getenv(STATE_FILE_ENV);
        return env == null || env.isBlank() ? OfflinedCpuRegistry.DEFAULT_FILE : Path.of(env);
    }

    Path stateFile() {
        return stateFile != null ? stateFile : defaultStateFile();
    }

    OfflinedCpuRegistry registry() {
        return new OfflinedCpuRegistry(stateFile());
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
