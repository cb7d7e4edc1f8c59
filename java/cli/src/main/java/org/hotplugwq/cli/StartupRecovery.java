package org.hotplugwq.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.linux.CpuSysfs;

/**
 * Run at the start of every command: CPUs that a run of this tool offlined temporarily and whose process
 * has died without its shutdown hook ({@code kill -9}, a crash) are brought back online.
 */
final class StartupRecovery {
    private StartupRecovery() {
    }

    static void run() {
        Path stateFile = HotplugEnvironment.defaultStateFile();
        if (!Files.exists(stateFile)) {
            return;
        }
        try {
            new MachineRestorer(new CpuSysfs(SysfsOptions.defaultSysfsRoot()), new OfflinedCpuRegistry(stateFile))
                    .restoreOrphans()
                    .forEach(r -> System.err.println("hotplugwq: " + r + "; its process is gone"));
        } catch (RuntimeException e) {
            System.err.println("hotplugwq: could not check " + stateFile + " for CPUs left offline: " + e.getMessage());
        }
    }
}
