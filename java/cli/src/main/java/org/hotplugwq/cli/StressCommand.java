package org.hotplugwq.cli;

import java.io.IOException;
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
import org.hotplugwq.stress.NotifyMode;
import org.hotplugwq.stress.StressHooks;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressOutcome;
import org.hotplugwq.stress.StressRunner;
import org.hotplugwq.stress.StressSeries;
import org.hotplugwq.stress.Terminal;
import org.hotplugwq.stress.machine.HotplugPlan;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.machine.StressMachines;
import org.hotplugwq.stress.report.ReportWriter;
import org.hotplugwq.stress.report.SeriesReport;
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

    @Option(names = "--simulate", paramLabel = "N",
            description = "run on N simulated CPUs, 2.." + StressLimits.MAX_SIMULATED_CPUS + " (default: real CPUs"
                    + " when this user may hotplug them)")
    Integer simulate;

    @Option(names = "--hostile", description = "queue on CPUs without the hotplug read lock (measures stranded work)")
    boolean hostile;

    @Option(names = "--watchdog", paramLabel = "TIME", defaultValue = "30s", hidden = true,
            description = "a flush or shutdown stuck longer than this fails the run")
    String watchdog;

    @Mixin
    HotplugEnvironment env;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Mixin
    JsonOutput json;

    @Option(names = "--trace", description = "record the kernel's scheduler and cpuhp steps (tracefs) and check every"
            + " execution's CPU against them (a failed check fails the run; unavailable: one line, the run goes on)")
    boolean trace;

    @Option(names = "--delivery-timeout", paramLabel = "TIME",
            description = "how long to wait for the event source to report a CPU this run changed (default: 10 x the"
                    + " slowest write so far, at least 5s)")
    String deliveryTimeout;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "run N seeds (--seed, --seed+1, ...) one after the other, each reported in a folder of"
                    + " --out, then pooled (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--notify", paramLabel = "MODE", defaultValue = "observed",
            description = "how the systems hear of this run's own operations: observed (a plain write, seen by the"
                    + " event source), synchronous (through the controller, at the kernel's notifier times), or both"
                    + " (each seed once in each mode, side by side) (default: ${DEFAULT-VALUE})")
    String notify;

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "record the run's JDK Flight Recorder events (hotplug actions, callbacks, wrong-CPU and"
                    + " stranded work, a few JDK ones) to FILE; read it with jfr print or JDK Mission Control")
    Path jfr;

    @Override
    public Integer call() throws Exception {
        quietCoreWarnings();
        StressOptions options = options();
        List<NotifyMode> modes = notifyModes(notify);
        if (repeat < 1) {
            throw new UserError("--repeat must be at least 1, got " + repeat);
        }
        if (options.simulateCpus() == 0) {
            env.registry(); // refuses a state file that is not ours before the machine records anything in it
        }
        if ((repeat > 1 || modes.size() > 1) && !options.dryRun()) {
            if (json.ktap()) {
                throw new UserError("--format ktap reports one run: not with --repeat or --notify both");
            }
            return series(StressSeries.configurations(options, repeat, modes));
        }
        // with --json or --format ktap, standard output carries the report only: the banner and the live line go
        // to stderr
        PrintWriter text = json.machineReadable() ? env.err() : env.out();
        try (StressMachine machine = open(options)) {
            if (options.dryRun()) {
                CpuSet eligible = StressRunner.eligibleCpus(machine, options);
                banner(machine, options, eligible, text);
                text.print(HotplugPlan.render(machine, eligible, options));
                text.flush();
                return ExitCodes.OK;
            }
            return report(runOne(machine, options, text), options, text);
        }
    }

    /** {@code --repeat N} or {@code --notify both}: every run reported in its folder, then the pooled report. */
    private int series(List<StressOptions> runs) throws Exception {
        PrintWriter text = json.machineReadable() ? env.err() : env.out();
        SeriesReport report = new StressSeries(runs).run(this::open, (machine, o) -> runOne(machine, o, text),
                (o, outcome) -> {
                    Path jsonFile = ReportWriter.writeJson(outcome.report(), o.outDir());
                    Path html = ReportWriter.writeHtml(outcome, o.outDir());
                    text.print(SummaryTable.render(outcome.report(), Terminal.columns()));
                    text.println("report: " + jsonFile + " , " + html);
                    text.flush();
                });
        Path top = ReportWriter.writeJson(report, runs.get(0).outDir().getParent());
        if (json.enabled()) {
            JsonOutput.print(env.out(), report);
        } else {
            text.print(SummaryTable.renderSeries(report));
        }
        text.println("report: " + top);
        text.flush();
        return report.invariantsHeld() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** {@code --notify}: observed, synchronous or both (in that order). */
    static List<NotifyMode> notifyModes(String value) {
        if (value.equals("both")) {
            return List.of(NotifyMode.OBSERVED, NotifyMode.SYNCHRONOUS);
        }
        for (NotifyMode m : NotifyMode.values()) {
            if (m.cliName().equals(value)) {
                return List.of(m);
            }
        }
        throw new UserError("--notify must be observed, synchronous or both, not '" + value + "'");
    }

    private StressMachine open(StressOptions options) {
        return StressMachines.open(options, env.tree(), env.stateFile(),
                notice -> env.err().println("hotplugwq stress: " + notice));
    }

    private static void banner(StressMachine machine, StressOptions options, CpuSet eligible, PrintWriter text) {
        if (machine.info().simulated()) {
            text.println("*** SIMULATED RUN on " + machine.info().cpus() + " virtual CPUs, no real hotplug: "
                    + machine.info().simulatedReason() + " ***");
        }
        if (eligible.isEmpty()) {
            throw new UserError("no CPU to hotplug: " + NoCpuReason.of(machine, options));
        }
    }

    /** The banner, the header line and the run, with its live line on {@code text}; Ctrl-C keeps what ran. */
    private StressOutcome runOne(StressMachine machine, StressOptions options, PrintWriter text) throws IOException {
        CpuSet eligible = StressRunner.eligibleCpus(machine, options);
        banner(machine, options, eligible, text);
        try (JfrRecording recording = options.jfrFile() == null ? null : JfrRecording.start(options.jfrFile());
             PrintStream progress = WriterPrintStream.of(text)) {
            StressRunner runner = new StressRunner(machine, options, StressHooks.NONE, progress,
                    System.console() != null, 0).commandLine(arguments());
            // Ctrl-C from here on keeps what was measured (a Ctrl-C before the run starts ends it at once)
            try (Sigint ignored = Sigint.onFirst(runner::interrupt)) {
                text.printf("hotplugwq stress: %s on %s, policies %s (side by side on the same events), hotplugging"
                        + " cpu %s every %s-%s, seed %d, notify %s%n",
                        DurationParser.format(options.duration()), machine.info().description(),
                        options.policies().stream().map(HotplugPolicy::cliName).toList(), eligible,
                        DurationParser.format(options.intervalMin()), DurationParser.format(options.intervalMax()),
                        options.seed(), options.notifyMode().cliName());
                text.flush();
                return runner.run();
            }
        }
    }

    /** The summary, report.json/html, and the exit code: 130 after Ctrl-C, kselftest's with --format ktap. */
    private int report(StressOutcome outcome, StressOptions options, PrintWriter text) throws IOException {
        Path jsonFile = ReportWriter.writeJson(outcome.report(), options.outDir());
        Path html = ReportWriter.writeHtml(outcome, options.outDir());
        if (json.enabled()) {
            JsonOutput.print(env.out(), outcome.report());
        } else if (json.ktap()) {
            env.out().print(StressKtap.render(outcome.report()));
            env.out().flush();
        } else {
            text.print(SummaryTable.render(outcome.report(), Terminal.columns()));
        }
        if (outcome.report().interrupted()) {
            text.println("interrupted after " + outcome.report().durationS() + " s: the summary and the reports"
                    + " cover the part that ran");
        }
        text.println("report: " + jsonFile + " , " + html);
        text.flush();
        if (outcome.report().interrupted()) {
            return Sigint.EXIT_CODE;
        }
        if (json.ktap()) {
            return StressKtap.exitCode(outcome.report());
        }
        return outcome.exitCode() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The arguments as typed, for the report's provenance. */
    private List<String> arguments() {
        return spec == null || spec.commandLine().getParseResult() == null ? null
                : spec.commandLine().getParseResult().originalArgs();
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
                .duration(StressLimits.positive("--duration", DurationParser.parse(duration),
                        StressLimits.MAX_DURATION))
                .policies(policy.policies())
                .cpus(cpus == null ? null : CpuArguments.parse(List.of(cpus)))
                .interval(range[0], StressLimits.atMost("--pause", range[1], StressLimits.MAX_PAUSE))
                .source(events.choice(), events.interval())
                .workqueues(StressLimits.count("--workqueues", workqueues, 1, StressLimits.MAX_WORKQUEUES))
                .producers(StressLimits.count("--producers", producers, 1, StressLimits.MAX_PRODUCERS))
                .workTime(StressLimits.atMost("--work-time", DurationParser.parse(workTime),
                        StressLimits.MAX_WORK_TIME))
                .seed(seed)
                .injectFailures(StressLimits.rate("--inject-failures", injectFailures))
                .outDir(dryRun ? out : StressLimits.outDir(out))
                .dryRun(dryRun)
                .simulate(StressLimits.simulate(simulate))
                .hostile(hostile)
                .watchdog(StressLimits.positive("--watchdog", DurationParser.parse(watchdog), Duration.ofDays(1)))
                .deliveryTimeout(deliveryTimeout == null ? null : DurationParser.parse(deliveryTimeout))
                .notifyMode(notifyModes(notify).get(0))
                .jfrFile(jfr)
                .trace(trace)
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
