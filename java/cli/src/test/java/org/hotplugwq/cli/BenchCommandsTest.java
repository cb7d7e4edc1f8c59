package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.testkit.FakeSysfs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bench commands' plumbing, not their numbers (performance claims live in benchmarks, never in tests):
 * the report's "met?" logic on fixed inputs, a tiny scale run, and bench hotplug's refusals on a fake tree.
 */
class BenchCommandsTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static String jmh(String benchmark, String params, double score, String extra) {
        return "{\"benchmark\":\"org.hotplugwq.bench." + benchmark + "\",\"params\":{" + params + "},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.0,\"rawData\":[[" + score + "]]"
                + extra + "}"
                + (benchmark.startsWith("ThroughputBench")
                        ? ",\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":"
                                + (benchmark.endsWith("workqueue") ? 0.001 : 24.0) + "}}"
                        : "")
                + "}";
    }

    @Test
    void reportDecidesMetFromTheNumbersAndComputesRatiosFromTheSameRun() throws IOException {
        Path results = dir.resolve("jmh.json");
        Files.writeString(results, "[" + String.join(",",
                jmh("ThroughputBench.workqueue", "\"workNanos\":\"0\"", 6e6, ""),
                jmh("ThroughputBench.threadPoolExecutor", "\"workNanos\":\"0\"", 3e6, ""),
                jmh("ThroughputBench.forkJoinPool", "\"workNanos\":\"0\"", 5e6, ""),
                jmh("ThroughputBench.workqueue", "\"workNanos\":\"1000\"", 1e6, ""),
                jmh("ThroughputBench.threadPoolExecutor", "\"workNanos\":\"1000\"", 0.8e6, ""),
                jmh("ThroughputBench.forkJoinPool", "\"workNanos\":\"1000\"", 1.2e6, ""),
                jmh("CurrentCpuBench.jni", "", 7.0, "")) + "]");
        assertThat(run("bench", "report", "--jmh", results.toString())).isZero();
        String table = out.toString();
        assertThat(table).contains("| queue→execute throughput, no-op works, CPU sampling on"
                        + " | 6.00 M/s (iterations 6.00–6.00; TPE 3.00, FJP 5.00)")
                .contains("| yes | 2.00× | 1.20× |")
                .contains("| **NO** | 1.25× | 0.83× |")
                .contains("| currentCpu() via JNI | 7.0 ns | ≤ 10 ns | yes |")
                .contains("0.001 B/op")
                .contains("not run");
        assertThat(table).contains("Missed: queue→execute throughput, 1 µs works");
    }

    @Test
    void scaleRunsOnATinySimulatedMachineAndWritesJson() throws IOException {
        Path json = dir.resolve("scale.json");
        assertThat(run("bench", "scale", "--simulate", "4", "--workqueues", "2", "--ticks", "3", "--events", "2",
                "--out", json.toString())).isZero();
        assertThat(out.toString()).contains("poll tick, aggregate mode").contains("drain: online -> CPU_ONLINE done")
                .contains("rebind: offline -> CPU_DEAD done");
        assertThat(Files.readString(json)).contains("\"tickPerCpu\"").contains("\"drain\"").contains("\"rebind\"");

        // the report reads what scale wrote: its rows are filled, not "not run"
        out.getBuffer().setLength(0);
        assertThat(run("bench", "report", "--scale", json.toString())).isZero();
        assertThat(out.toString()).contains("| poll tick, 4 CPUs, aggregate mode | p50 ")
                .contains("CPU event through 2 workqueues (+ keventd), 4 CPUs, drain: offline→CPU_DEAD done | p50 ");
    }

    @Test
    void scaleTakesPolicyCliNamesAndPrintsJsonOnStdoutWithJson() throws IOException {
        assertThat(run("bench", "scale", "--simulate", "2", "--workqueues", "1", "--ticks", "2", "--events", "1",
                "--policy", "drain-sync,takeover", "--json")).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("event").fieldNames()).toIterable().containsExactly("drain-sync", "takeover");
        assertThat(report.path("tickAggregate").path("p50Us").isNumber()).isTrue();
    }

    @Test
    void reportReadsTheCamelCaseKeysOfTheHotplugFile() throws IOException {
        Map<String, Object> stats = BenchStats.ofNanos(new long[] {400_000, 600_000}).toMap();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", "uevent");
        source.put("targetP50Us", 1000.0);
        for (String key : new String[] {"detect", "detectOffline", "detectOnline", "writeOffline", "writeOnline"}) {
            source.put(key, stats);
        }
        Path file = dir.resolve("hotplug.json");
        JsonOutput.write(file, Map.of("cpu", 1, "count", 1, "sources", List.of(source)));

        assertThat(run("bench", "report", "--hotplug", file.toString())).isZero();
        assertThat(out.toString())
                .contains("| cpu1 offline write (the kernel's cost: the floor) | p50 400.0 µs, p99 600.0 µs")
                .contains("| detection latency, uevent (write returned → action delivered, n=2) | p50 400.0 µs,")
                .contains("| p50 ≤ 1.00 ms | yes |");
    }

    @Test
    void hotplugRefusesInOneLineWhenNoCpuCanBeToggled() throws IOException {
        Path sys = FakeSysfs.machine(dir.resolve("sys"), 1).root();
        int code = run("bench", "hotplug", "--sysfs-root", sys.toString(), "--state-file",
                dir.resolve("state").toString());
        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().strip()).startsWith("hotplugwq bench hotplug: ").doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void hotplugBringsBackOnlyWhatItOfflinedAndPointsToRestore() throws IOException {
        FakeSysfs fake = FakeSysfs.machine(dir.resolve("sys"), 4);
        Path sys = fake.root();
        CpuSysfs tree = fake.reader();
        org.hotplugwq.hotplug.OfflinedCpuRegistry registry =
                new org.hotplugwq.hotplug.OfflinedCpuRegistry(dir.resolve("run/offlined"));
        org.hotplugwq.hotplug.MachineRestorer restorer = new org.hotplugwq.hotplug.MachineRestorer(tree, registry);
        StringWriter messages = new StringWriter();

        // cpu1, the target, was taken offline by someone else during the bench (no record of ours): it stays
        fake.write("cpu1/online", "0");
        // cpu2 is ours: it comes back
        fake.write("cpu2/online", "0");
        registry.record(2, org.hotplugwq.hotplug.OfflinedCpuRegistry.Kind.TEMPORARY);
        assertThat(BenchHotplugCommand.bringBack(tree, restorer, 1, new PrintWriter(messages))).isTrue();
        assertThat(Files.readString(sys.resolve("cpu1/online")).strip()).isEqualTo("0");
        assertThat(Files.readString(sys.resolve("cpu2/online")).strip()).isEqualTo("1");
        assertThat(messages.toString()).contains("cpu1 is offline, but not by this command");

        // cpu3 is ours but cannot be written: the message points to `hotplugwq restore`, the record stays
        fake.unwritable("cpu3/online");
        registry.record(3, org.hotplugwq.hotplug.OfflinedCpuRegistry.Kind.TEMPORARY);
        messages.getBuffer().setLength(0);
        assertThat(BenchHotplugCommand.bringBack(tree, restorer, 3, new PrintWriter(messages))).isFalse();
        assertThat(messages.toString()).contains("cpu3").contains("hotplugwq restore").doesNotContain("restore-cpus");
        assertThat(registry.entries()).extracting(org.hotplugwq.hotplug.OfflinedCpuRegistry.Entry::cpu)
                .containsExactly(3);
        assertThat(Files.readString(sys.resolve("cpu1/online")).strip()).isEqualTo("0");
    }
}
