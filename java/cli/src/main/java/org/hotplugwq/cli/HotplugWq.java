package org.hotplugwq.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hotplugwq}: the command-line entry point. Each subcommand is its own class. */
@Command(name = "hotplugwq",
        mixinStandardHelpOptions = true,
        version = "hotplugwq 0.1.0",
        description = "The 2007 Linux workqueue rework in Java, driven by real CPU hotplug.",
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
        spec.commandLine().usage(System.out);
    }

    /** The command line with its error handling: user errors print one line on stderr (see {@link CliErrors}). */
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
