package org.hotplugwq.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hotplugwq bench}: the measurements that are not JMH's (real hotplug, 1024-CPU simulation) and the
 * table that {@code scripts/bench} prints. The JMH suite lives in {@code java/bench}.
 */
@Command(name = "bench",
        description = {"Benchmarks outside JMH: real hotplug detection latency, 1024-CPU scale, and the summary table.",
            "scripts/bench runs a quick version of everything (JMH included) and prints the table."},
        subcommands = {BenchHotplugCommand.class, BenchScaleCommand.class, BenchReportCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
