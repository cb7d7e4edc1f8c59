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
            StressCommand.class,
        })
public final class HotplugWq implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HotplugWq()).execute(args));
    }
}
