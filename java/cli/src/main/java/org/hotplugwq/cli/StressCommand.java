package org.hotplugwq.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.DurationParser;
import org.hotplugwq.stress.StressHooks;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.StressRunner;
import org.hotplugwq.stress.machine.HotplugPlan;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.machine.StressMachines;
import org.hotplugwq.stress.report.ReportWriter;
import org.hotplugwq.stress.report.SummaryTable;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code hotplugwq stress}: random hotplug under load, every policy side by side, an exactly-once ledger,
 * the wrong-CPU measurement, and a report. Exit 0 only when every invariant held.
 *
 * <p>{@code --pause} was {@code --interval} until {@code --interval} became the poll interval of every command.
 * The two cannot share the name, but a range ({@code 20ms-100ms}) is never a poll interval: so
 * {@code --interval MIN-MAX} still works here, as a deprecated spelling of {@code --pause} that says so on stderr
 * ({@link LegacyPause}), and a single duration is the poll interval, as everywhere.
 */
@Command(name = "stress", preprocessor = StressCommand.LegacyPause.class,
        description = "Random CPU hotplug under workqueue load; all four policies side by side on the same hotplug"
            + " events; checks exactly-once, flush, destroy, affinity, no hang, CPUs restored; writes report.json and"
            + " report.html. Without root or a hotpluggable CPU it runs on simulated CPUs and says why.",
        footer = {"Deprecated: --interval MIN-MAX (a range), the old name of --pause, still sets the pause;"
            + " --interval DURATION is the poll interval, as in every command."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every invariant held", "1:an invariant broke",
            "2:refused, nothing changed (bad option, CPU not hotpluggable)"})
public final class StressCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s",
            description = "how long (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--policy", paramLabel = "NAMES", defaultValue = "all", converter = PolicyChoice.Converter.class,
            description = PolicyChoice.DESCRIPTION + ", side by side (default: ${DEFAULT-VALUE})")
    PolicyChoice policy;

    @Option(names = "--cpus", paramLabel = "LIST",
            description = "CPUs to hotplug, e.g. 1-3 or cpu1,cpu3 (default: every hotpluggable one but cpu0,"
                    + " which only a list naming it hotplugs: ARM lets it go offline)")
    String cpus;

    @Option(names = "--pause", paramLabel = "MIN-MAX", defaultValue = "20ms-100ms",
            description = "pause between hotplug operations, random in this range, or one duration"
                    + " (default: ${DEFAULT-VALUE})")
    String pause;

    @Mixin
    EventSourceOptions events = new EventSourceOptions("10ms");

    @Option(names = "--workqueues", paramLabel = "N", defaultValue = "3",
            description = "multi-threaded workqueues per policy, besides one single-threaded and keventd"
                    + " (default: ${DEFAULT-VALUE})")
    int workqueues;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "2",
            description = "producer threads per policy, pinned across the allowed CPUs (default: ${DEFAULT-VALUE})")
    int producers;

    @Option(names = "--work-time", paramLabel = "TIME", defaultValue = "20us",
            description = "how long each work spins (default: ${DEFAULT-VALUE})")
    String workTime;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "seed of the schedule and the load (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--inject-failures", paramLabel = "RATE", defaultValue = "0.05",
            description = "share of hotplug operations made to fail (cpuN/hotplug/fail), 0..1"
                    + " (default: ${DEFAULT-VALUE})")
    double injectFailures;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "stress-out",
            description = "where report.json/html go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--dry-run", description = "print the hotplug plan and change nothing")
    boolean dryRun;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "0", description = "run on N simulated CPUs")
    int simulate;

    @Option(names = "--hostile", description = "queue on CPUs without the hotplug read lock (measures stranded work)")
    boolean hostile;

    @Option(names = "--watchdog", paramLabel = "TIME", defaultValue = "30s", hidden = true,
            description = "a flush or shutdown stuck longer than this fails the run")
    String watchdog;

    @Mixin
    HotplugEnvironment env;

    @Mixin
    JsonOutput json;

    @Option(names = "--delivery-timeout", paramLabel = "TIME",
            description = "how long to wait for the event source to report a CPU this run changed (default: 10 x the"
                    + " slowest write so far, at least 5s)")
    String deliveryTimeout;

    @Override
    public Integer call() throws Exception {
        quietCoreWarnings();
        StressOptions options = options();
        // with --json, standard output carries the report only: the banner and the live line go to stderr
        PrintWriter text = json.enabled() ? env.err() : env.out();
        try (StressMachine machine = StressMachines.open(options, env.tree(), env.stateFile(),
                notice -> env.err().println("hotplugwq stress: " + notice))) {
            if (machine.info().simulated()) {
                text.println("*** SIMULATED RUN on " + machine.info().cpus() + " virtual CPUs, no real hotplug: "
                        + machine.info().simulatedReason() + " ***");
            }
            CpuSet eligible = StressRunner.eligibleCpus(machine, options);
            if (eligible.isEmpty()) {
                throw new UserError("no CPU to hotplug");
            }
            if (options.dryRun()) {
                text.print(HotplugPlan.render(machine, eligible, options));
                text.flush();
                return ExitCodes.OK;
            }
            text.printf("hotplugwq stress: %s on %s, policies %s (side by side on the same events), hotplugging cpu %s"
                    + " every %s-%s, seed %d%n",
                    DurationParser.format(options.duration()), machine.info().description(),
                    options.policies().stream().map(HotplugPolicy::cliName).toList(), eligible,
                    DurationParser.format(options.intervalMin()), DurationParser.format(options.intervalMax()),
                    options.seed());
            text.flush();
            StressOutcome outcome;
            try (PrintStream progress = WriterPrintStream.of(text)) {
                outcome = new StressRunner(machine, options, StressHooks.NONE, progress,
                        System.console() != null, 0).run();
            }
            Path jsonFile = ReportWriter.writeJson(outcome.report(), options.outDir());
            Path html = ReportWriter.writeHtml(outcome, options.outDir());
            if (json.enabled()) {
                JsonOutput.print(env.out(), outcome.report());
            } else {
                text.print(SummaryTable.render(outcome.report()));
            }
            text.println("report: " + jsonFile + " , " + html);
            text.flush();
            return outcome.exitCode() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /**
     * Hotplug under load makes the core warn of every pin refused in a detection window; the report counts
     * them (core.bindFailures), so on the terminal they are noise. -Dhotplugwq.log.level=... keeps them.
     */
    private static void quietCoreWarnings() {
        if (System.getProperty("hotplugwq.log.level") == null
                && LoggerFactory.getLogger("org.hotplugwq.workqueue") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    StressOptions options() throws Exception {
        Duration[] range = DurationParser.parseRange(pause);
        return StressOptions.builder()
                .duration(DurationParser.parse(duration))
                .policies(policy.policies())
                .cpus(cpus == null ? null : CpuArguments.parse(List.of(cpus)))
                .interval(range[0], range[1])
                .source(events.choice(), events.interval())
                .workqueues(workqueues)
                .producers(producers)
                .workTime(DurationParser.parse(workTime))
                .seed(seed)
                .injectFailures(injectFailures)
                .outDir(out)
                .dryRun(dryRun)
                .simulate(simulate)
                .hostile(hostile)
                .watchdog(DurationParser.parse(watchdog))
                .deliveryTimeout(deliveryTimeout == null ? null : DurationParser.parse(deliveryTimeout))
                .build();
    }

    /**
     * Reads {@code --interval MIN-MAX} (a range: never a poll interval) as {@code --pause MIN-MAX}, and says on
     * stderr that the spelling is deprecated. Runs before picocli parses the stress command's arguments.
     */
    static final class LegacyPause implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec,
                Map<String, Object> info) {
            List<String> rest = new ArrayList<>(args);
            Collections.reverse(rest); // the top of the stack is the next argument
            boolean rewritten = false;
            for (int i = 0; i < rest.size() && !rest.get(i).equals("--"); i++) {
                String a = rest.get(i);
                if (a.equals("--interval") && i + 1 < rest.size() && isRange(rest.get(i + 1))) {
                    rest.set(i, "--pause");
                    rewritten = true;
                } else if (a.startsWith("--interval=") && isRange(a.substring("--interval=".length()))) {
                    rest.set(i, "--pause=" + a.substring("--interval=".length()));
                    rewritten = true;
                }
            }
            if (rewritten) {
                commandSpec.commandLine().getErr().println("hotplugwq stress: --interval MIN-MAX is deprecated:"
                        + " it is --pause MIN-MAX now (--interval is the poll interval, as in every command)");
                args.clear();
                for (int i = rest.size() - 1; i >= 0; i--) {
                    args.push(rest.get(i));
                }
            }
            return false;
        }

        private static boolean isRange(String value) {
            return value.indexOf('-', 1) > 0;
        }
    }
}
