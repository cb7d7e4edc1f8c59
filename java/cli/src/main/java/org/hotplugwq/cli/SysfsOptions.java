package org.hotplugwq.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.hotplugwq.linux.CpuSysfs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --sysfs-root}, the same in every command that reads the machine; its default comes from
 * {@code HOTPLUGWQ_SYSFS}, which the start-of-command recovery also reads, so that tests and containers can
 * redirect every command consistently. Also the command's output streams (picocli's, which tests redirect).
 * {@link HotplugEnvironment} adds the state file for the commands that hotplug.
 */
class SysfsOptions {
    static final String SYSFS_ENV = "HOTPLUGWQ_SYSFS";

    @Option(names = "--sysfs-root", paramLabel = "DIR",
            description = "CPU sysfs directory (default: $" + SYSFS_ENV + " or /sys/devices/system/cpu)")
    Path sysfsRoot;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The command's standard output. */
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

    Path root() {
        return sysfsRoot != null ? sysfsRoot : defaultSysfsRoot();
    }

    CpuSysfs tree() {
        return new CpuSysfs(root());
    }
}
