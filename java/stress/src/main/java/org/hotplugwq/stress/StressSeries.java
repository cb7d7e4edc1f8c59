package org.hotplugwq.stress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotplugwq.stress.machine.StressMachine;
import org.hotplugwq.stress.report.ReportBuilder;
import org.hotplugwq.stress.report.SeriesReport;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.verdict.ClusteredRate;
import org.hotplugwq.stress.verdict.SegmentCounts;

/**
 * Several stress runs in one command: one per configuration ({@code --repeat N}: seeds seed, seed+1, …; with
 * {@code --notify both} each seed once per notify mode), one after the other, each on a machine of its own and
 * reported in a folder of its own; then pooled per notify mode (README, "Repeated runs"). The configurations are
 * plain {@link StressOptions}: anything a run can vary, a series can.
 */
public final class StressSeries {

    /** Opens the machine of one run (a simulated one is seeded by the run's seed). */
    @FunctionalInterface
    public interface Machines {
        StressMachine open(StressOptions options) throws IOException;
    }

    /** Runs one configuration on its machine: a {@link StressRunner} with the caller's progress line and hooks. */
    @FunctionalInterface
    public interface Runner {
        StressOutcome run(StressMachine machine, StressOptions options) throws IOException;
    }

    /** Told of each run as it ends (the command writes its reports and prints its summary). */
    @FunctionalInterface
    public interface Listener {
        void finished(StressOptions options, StressOutcome outcome) throws IOException;
    }

    private final List<StressOptions> configurations;

    public StressSeries(List<StressOptions> configurations) {
        if (configurations.isEmpty()) {
            throw new IllegalArgumentException("a series of no run");
        }
        this.configurations = List.copyOf(configurations);
    }

    /**
     * The configurations of {@code repeat} seeds from {@code base}'s, each under every mode of {@code modes}, in
     * that order (seed 42 observed, seed 42 synchronous, seed 43 observed, …); each run writes into a folder of
     * {@code base}'s out dir named after its seed (and mode, when there are several).
     */
    public static List<StressOptions> configurations(StressOptions base, int repeat, List<NotifyMode> modes) {
        if (repeat < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
        }
        if (modes.isEmpty()) {
            throw new IllegalArgumentException("no notify mode");
        }
        List<StressOptions> out = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            long seed = base.seed() + i;
            for (NotifyMode mode : modes) {
                String dir = "seed" + seed + (modes.size() > 1 ? "-" + mode.cliName() : "");
                out.add(base.toBuilder().seed(seed).notifyMode(mode).outDir(base.outDir().resolve(dir)).build());
            }
        }
        return out;
    }

    public List<StressOptions> configurations() {
        return configurations;
    }

    /** Every run, in order, then the pooled report (the out dir is the first run's parent). */
    public SeriesReport run(Machines machines, Runner runner, Listener listener) throws IOException {
        List<StressOutcome> outcomes = new ArrayList<>();
        for (StressOptions o : configurations) {
            StressOutcome outcome;
            try (StressMachine machine = machines.open(o)) {
                outcome = runner.run(machine, o);
            }
            outcomes.add(outcome);
            listener.finished(o, outcome);
        }
        return report(configurations, outcomes);
    }

    /** The series' report: each run, and the pooled results of each notify mode. */
    public static SeriesReport report(List<StressOptions> configurations, List<StressOutcome> outcomes) {
        List<SeriesReport.Run> runs = new ArrayList<>();
        Map<NotifyMode, List<Integer>> byMode = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            StressOptions o = configurations.get(i);
            runs.add(new SeriesReport.Run(o.seed(), o.notifyMode().cliName(), o.outDir().toString(),
                    outcomes.get(i).report()));
            byMode.computeIfAbsent(o.notifyMode(), m -> new ArrayList<>()).add(i);
        }
        Map<String, SeriesReport.Pooled> pooled = new LinkedHashMap<>();
        byMode.forEach((mode, indices) -> pooled.put(mode.cliName(), pool(mode, indices, configurations, outcomes)));
        boolean held = outcomes.stream().allMatch(o -> o.report().invariantsHeld());
        return new SeriesReport("hotplugwq stress", runs, pooled, held);
    }

    private static SeriesReport.Pooled pool(NotifyMode mode, List<Integer> indices, List<StressOptions> configurations,
                                            List<StressOutcome> outcomes) {
        List<Long> seeds = indices.stream().map(i -> configurations.get(i).seed()).toList();
        Map<String, List<SegmentCounts>> byPolicy = new LinkedHashMap<>();
        for (int i : indices) {
            for (SegmentCounts s : outcomes.get(i).segments()) {
                byPolicy.computeIfAbsent(s.policy(), p -> new ArrayList<>()).add(s);
            }
        }
        List<SegmentCounts> pooled = new ArrayList<>();
        byPolicy.forEach((policy, runs) -> {
            if (runs.size() == indices.size()) { // a policy every run of the mode had
                pooled.add(SegmentCounts.concat(runs));
            }
        });
        ClusteredRate.Estimate e = ClusteredRate.of(pooled, seeds.get(0));
        Map<String, SeriesReport.PooledPolicy> policies = new LinkedHashMap<>();
        for (SegmentCounts s : pooled) {
            ClusteredRate.Interval rate = e.rates().get(s.policy());
            policies.put(s.policy(), new SeriesReport.PooledPolicy(s.totalWorks(), s.totalWrong(), rate.estimate(),
                    rate.bounds(), ReportBuilder.perOperation(s)));
        }
        StressReport.Interval interval = ReportBuilder.interval(e);
        return new SeriesReport.Pooled(mode.cliName(), seeds, interval, ReportBuilder.pairedDifferences(e),
                policies);
    }
}
