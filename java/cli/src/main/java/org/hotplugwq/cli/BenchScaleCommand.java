package org.hotplugwq.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hotplugwq.cpu.CpuAction;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.hotplug.EventOrigin;
import org.hotplugwq.hotplug.HotplugBridge;
import org.hotplugwq.hotplug.SysfsPoller;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hotplugwq bench scale --simulate 1024}: what a large machine costs us, without one.
 *
 * <ul>
 *   <li>Poll tick: a fake sysfs tree of N CPUs (cpu0 without an {@code online} file, as on real machines) in
 *       a temp dir; one {@link SysfsPoller#pollOnce()} timed, per-CPU mode (N file reads) and aggregate mode
 *       (the {@code online} list plus the files of CPUs whose bit changed: none in steady state).</li>
 *   <li>Event: a workqueue system on N simulated CPUs with {@code --workqueues} workqueues (plus keventd) on a
 *       {@link HotplugBridge}; a CPU observed offline, then online, and the time from the observation to the
 *       bridge's listener hearing {@code CPU_DEAD} (resp. {@code CPU_ONLINE}, after {@code CPU_UP_PREPARE}
 *       made a worker per workqueue), i.e. the whole notifier chain through every workqueue.</li>
 * </ul>
 */
@Command(name = "scale",
        description = {"Simulated large machine: one sysfs poll tick over a fake tree of N CPUs (per-CPU and aggregate"
            + " modes), and one CPU event delivered through the workqueues of a system on N simulated CPUs."})
final class BenchScaleCommand implements Callable<Integer> {
    static final double TICK_TARGET_US = 50;
    static final double EVENT_TARGET_US = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "1024",
            description = "CPUs (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--workqueues", paramLabel = "N", defaultValue = "8",
            description = "workqueues besides keventd (default: ${DEFAULT-VALUE})")
    int workqueues;

    @Option(names = "--ticks", paramLabel = "N", defaultValue = "2000",
            description = "timed poll ticks per mode (default: ${DEFAULT-VALUE})")
    int ticks;

    @Option(names = "--events", paramLabel = "N", defaultValue = "50",
            description = "timed offline+online events (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--policy", paramLabel = "NAMES", defaultValue = "drain,rebind",
            converter = PolicyChoice.Converter.class,
            description = PolicyChoice.DESCRIPTION + "; one system each, the event timed under each"
                    + " (default: ${DEFAULT-VALUE}; drain is the default policy, rebind keeps its workers)")
    PolicyChoice policies;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the results as JSON to FILE")
    Path outFile;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        if (cpus < 2 || workqueues < 1 || ticks < 1 || events < 1) {
            throw new UserError("--simulate must be at least 2, and --workqueues, --ticks, --events at least 1");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("cpus", cpus);
        report.put("workqueues", workqueues);
        Path dir = Files.createTempDirectory("hotplugwq-scale-");
        try {
            CpuSysfs tree = fakeTree(dir, cpus);
            for (SysfsPoller.Mode mode : SysfsPoller.Mode.values()) {
                report.put(mode == SysfsPoller.Mode.PER_CPU ? "tickPerCpu" : "tickAggregate", tick(tree, mode).toMap());
            }
        } finally {
            deleteTree(dir);
        }
        Map<String, Object> byPolicy = new LinkedHashMap<>();
        for (HotplugPolicy policy : policies.policies()) {
            Map<String, BenchStats> ev = events(policy);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offline", ev.get("offline").toMap());
            m.put("online", ev.get("online").toMap());
            byPolicy.put(policy.cliName(), m);
        }
        report.put("event", byPolicy);
        report.put("tickTargetUs", TICK_TARGET_US);
        report.put("eventTargetUs", EVENT_TARGET_US);

        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(out, report);
        } else {
            print(out, report, byPolicy);
        }
        if (outFile != null) {
            JsonOutput.write(outFile, report);
        }
        return ExitCodes.OK;
    }

    private void print(PrintWriter out, Map<String, Object> report, Map<String, Object> byPolicy) {
        out.printf(Locale.ROOT, "%d simulated CPUs, %d workqueues (+ keventd)%n", cpus, workqueues);
        line(out, "poll tick, per-CPU mode", report.get("tickPerCpu"), Double.NaN);
        line(out, "poll tick, aggregate mode", report.get("tickAggregate"), TICK_TARGET_US);
        for (Map.Entry<String, Object> e : byPolicy.entrySet()) {
            Map<?, ?> m = (Map<?, ?>) e.getValue();
            line(out, e.getKey() + ": offline -> CPU_DEAD done", m.get("offline"), EVENT_TARGET_US);
            line(out, e.getKey() + ": online -> CPU_ONLINE done", m.get("online"), EVENT_TARGET_US);
        }
        out.flush();
    }

    @SuppressWarnings("unchecked")
    private static void line(PrintWriter out, String what, Object stats, double targetUs) {
        Map<String, Object> m = (Map<String, Object>) stats;
        double p50 = (Double) m.get("p50Us");
        out.printf(Locale.ROOT, "%-34s p50 %10.1f us  p99 %10.1f us  target %s%n", what, p50, (Double) m.get("p99Us"),
                Double.isNaN(targetUs) ? "-" : String.format(Locale.ROOT, "<= %.0f us: %s", targetUs,
                        p50 <= targetUs ? "met" : "MISSED"));
    }

    /** {@code present}, {@code possible}, {@code online}, {@code kernel_max}, and {@code cpuN/online} for N ≥ 1. */
    static CpuSysfs fakeTree(Path dir, int n) throws IOException {
        String all = "0-" + (n - 1) + "\n";
        Files.writeString(dir.resolve("present"), all, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("possible"), all, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("online"), all, StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("kernel_max"), (n - 1) + "\n", StandardCharsets.US_ASCII);
        Files.createDirectories(dir.resolve("cpu0"));
        for (int cpu = 1; cpu < n; cpu++) {
            Path d = Files.createDirectories(dir.resolve("cpu" + cpu));
            Files.writeString(d.resolve("online"), "1\n", StandardCharsets.US_ASCII);
        }
        return new CpuSysfs(dir);
    }

    private BenchStats tick(CpuSysfs tree, SysfsPoller.Mode mode) {
        try (HotplugBridge bridge = new HotplugBridge(tree.online())) {
            SysfsPoller poller = new SysfsPoller(tree, bridge, Duration.ofMillis(1), mode);
            int warm = Math.max(200, Math.min(ticks, 2000));
            for (int i = 0; i < warm; i++) {
                poller.pollOnce();
            }
            long[] ns = new long[ticks];
            for (int i = 0; i < ticks; i++) {
                long t0 = System.nanoTime();
                poller.pollOnce();
                ns[i] = System.nanoTime() - t0;
            }
            return BenchStats.ofNanos(ns);
        }
    }

    private Map<String, BenchStats> events(HotplugPolicy policy) throws InterruptedException {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(cpus, 1);
        BlockingQueue<long[]> delivered = new ArrayBlockingQueue<>(16);
        int warm = 5;
        long[] off = new long[events];
        long[] on = new long[events];
        // 256 KiB stacks: (workqueues + 1) x N workers are platform threads
        try (WorkqueueSystem system = WorkqueueSystem.builder(platform).policy(policy)
                .threadFactory(r -> new Thread(null, r, "worker", 256 * 1024)).build();
             HotplugBridge bridge = new HotplugBridge(platform.onlineCpus())) {
            List<Workqueue> created = new ArrayList<>();
            for (int i = 0; i < workqueues; i++) {
                created.add(system.createWorkqueue("scale" + i));
            }
            bridge.register(system);
            bridge.addListener(e -> {
                if (e.action() == CpuAction.CPU_DEAD || e.action() == CpuAction.CPU_ONLINE) {
                    delivered.add(new long[] {e.action() == CpuAction.CPU_ONLINE ? 1 : 0, System.nanoTime(),
                        e.deliveredNanos()});
                }
            });
            int cpu = cpus - 1;
            for (int i = -warm; i < events; i++) {
                platform.setOnline(cpu, false);
                long t0 = System.nanoTime();
                bridge.observe(cpu, false, EventOrigin.POLL_AGGREGATE, t0);
                long dead = await(delivered, 0) - t0;
                platform.setOnline(cpu, true);
                long t1 = System.nanoTime();
                bridge.observe(cpu, true, EventOrigin.POLL_AGGREGATE, t1);
                long online = await(delivered, 1) - t1;
                if (i >= 0) {
                    off[i] = dead;
                    on[i] = online;
                }
                waitForDrainedWorkers(system);
            }
            created.forEach(Workqueue::destroy);
        }
        return Map.of("offline", BenchStats.ofNanos(off), "online", BenchStats.ofNanos(on));
    }

    private static long await(BlockingQueue<long[]> delivered, long action) throws InterruptedException {
        long[] e = delivered.poll(10, TimeUnit.SECONDS);
        if (e == null || e[0] != action) {
            throw new IllegalStateException("expected " + (action == 1 ? "CPU_ONLINE" : "CPU_DEAD")
                    + " from the bridge");
        }
        if (Boolean.getBoolean("hotplugwq.bench.debug")) {
            System.err.printf("%s: chain %.1f us%n", action == 1 ? "CPU_ONLINE" : "CPU_DEAD", (e[1] - e[2]) / 1e3);
        }
        return e[1];
    }

    /** Lets the drained workers of the last offline exit, so the next event starts from the same state. */
    private void waitForDrainedWorkers(WorkqueueSystem system) throws InterruptedException {
        int expected = (workqueues + 1) * cpus;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (system.liveWorkerCount() > expected && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
