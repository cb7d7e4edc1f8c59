package org.hotplugwq.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code hotplugwq}: the command-line entry point. Each subcommand is its own class; the options several share
 * are mixins ({@link JsonOutput}, {@link EventSourceOptions}, {@link CpuOption}, {@link SysfsOptions},
 * {@link HotplugEnvironment}, {@link PolicyChoice}) so that a name means the same everywhere; every error goes
 * through {@link CliErrors}. {@code --help} and {@code --version} are inherited by every subcommand.
 */
@Command(name = "hotplugwq",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "The 2007 Linux workqueue rework in Java, driven by real CPU hotplug.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:an operation failed after a change (the kernel refused, an invariant broke)",
            "2:refused, nothing changed (bad option, CPU not hotpluggable, not root, ...)"},
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            OfflineCommand.class,
            OnlineCommand.class,
            RestoreCommand.class,
            MonitorCommand.class,
            LatencyCommand.class,
            FailStatesCommand.class,
            StressCommand.class,
            BenchCommand.class,
        })
public final class HotplugWq implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with its error handling: every error is one line on stderr (see {@link CliErrors}). */
    public static CommandLine commandLine() {
        CliErrors errors = new CliErrors();
        return new CommandLine(new HotplugWq())
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    public static void main(String[] args) {
        StartupRecovery.run(); // CPUs left offline by a run that died (kill -9) come back first
        System.exit(commandLine().execute(args));
    }
}
