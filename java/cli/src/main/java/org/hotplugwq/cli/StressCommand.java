package org.hotplugwq.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import picocli.CommandLine.Option;

/**
 * {@code hotplugwq stress}: random hotplug under load, every policy side by side, an exactly-once ledger,
 * the wrong-CPU measurement, and a report. Exit 0 only when every invariant held.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Random CPU hotplug under workqueue load; all four policies side by side on the same hotplug",
            "events; checks exactly-once, flush, destroy, affinity, no hang, CPUs restored; writes report.json and",
            "report.html. Without root or a hotpluggable CPU it runs on simulated CPUs and says why.",
            "Exit: 0 every invariant held, 1 an invariant broke, 2 refused (bad option, CPU not hotpluggable)."})
public final class StressCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s",
            description = "how long (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--policy", paramLabel = "NAME", defaultValue = "all",
            description = "all, or one of takeover, drain, drain-sync, rebind (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--cpus", paramLabel = "LIST",
            description = "CPUs to hotplug, e.g. 1-3 (default: every hotpluggable one but cpu0, which only a list"
                    + " naming it hotplugs: ARM lets it go offline)")
    String cpus;

    @Option(names = "--interval", paramLabel = "MIN-MAX", defaultValue = "20ms-100ms",
            description = "pause between hotplug operations, random in this range (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--source", paramLabel = "SRC", defaultValue = "uevent",
            description = "event source: uevent, poll, or poll:INTERVAL (default: ${DEFAULT-VALUE})")
    String source;

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

    @Option(names = "--delivery-timeout", paramLabel = "TIME",
            description = "how long to wait for the event source to report a CPU this run changed (default: 10 x the"
                    + " slowest write so far, at least 5s)")
    String deliveryTimeout;

    @Override
    public Integer call() throws Exception {
        quietCoreWarnings();
        PrintStream out = System.out;
        StressOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("hotplugwq stress: " + e.getMessage());
            return 2;
        }
        try (StressMachine machine = StressMachines.open(options, HotplugEnvironment.defaultStateFile(),
                notice -> System.err.println("hotplugwq stress: " + notice))) {
            if (machine.info().simulated()) {
                out.println("*** SIMULATED RUN on " + machine.info().cpus() + " virtual CPUs, no real hotplug: "
                        + machine.info().simulatedReason() + " ***");
            }
            CpuSet eligible;
            try {
                eligible = StressRunner.eligibleCpus(machine, options);
            } catch (IllegalArgumentException e) {
                System.err.println("hotplugwq stress: " + e.getMessage());
                return 2;
            }
            if (eligible.isEmpty()) {
                System.err.println("hotplugwq stress: no CPU to hotplug");
                return 2;
            }
            if (options.dryRun()) {
                out.print(HotplugPlan.render(machine, eligible, options));
                return 0;
            }
            out.printf("hotplugwq stress: %s on %s, policies %s (side by side on the same events), hotplugging cpu %s"
                    + " every %s-%s, seed %d%n",
                    DurationParser.format(options.duration()), machine.info().description(),
                    options.policies().stream().map(HotplugPolicy::cliName).toList(), eligible,
                    DurationParser.format(options.intervalMin()), DurationParser.format(options.intervalMax()),
                    options.seed());
            StressOutcome outcome = new StressRunner(machine, options, StressHooks.NONE, out,
                    System.console() != null, 0).run();
            out.print(SummaryTable.render(outcome.report()));
            Path json = ReportWriter.writeJson(outcome.report(), options.outDir());
            Path html = ReportWriter.writeHtml(outcome, options.outDir());
            out.println("report: " + json + " , " + html);
            return outcome.exitCode();
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

    StressOptions options() {
        Duration[] range = DurationParser.parseRange(interval);
        List<HotplugPolicy> policies = policy.equalsIgnoreCase("all") ? List.of(HotplugPolicy.values())
                : List.of(HotplugPolicy.fromCliName(policy));
        return StressOptions.builder()
                .duration(DurationParser.parse(duration))
                .policies(policies)
                .cpus(cpus == null ? null : CpuSet.parse(cpus))
                .interval(range[0], range[1])
                .source(source)
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
}
