package org.hotplugwq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hotplugwq bench report}: the one table of {@code scripts/bench} (a Markdown table), from the JMH
 * JSON results and the JSON files of {@code bench hotplug --out} and {@code bench scale --out}. Every target of
 * docs/PERFORMANCE.md is here, with "met?" decided from the numbers; the throughput ratios come from the same JMH run.
 */
@Command(name = "report",
        description = "Prints the benchmark table (Markdown) from the JMH JSON and the bench hotplug/scale JSON files.")
final class BenchReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--jmh", paramLabel = "FILE", description = "JMH results (-rf json); repeatable")
    List<Path> jmh = new ArrayList<>();

    @Option(names = "--hotplug", paramLabel = "FILE", description = "the file of bench hotplug --out FILE")
    Path hotplug;

    @Option(names = "--scale", paramLabel = "FILE", description = "the file of bench scale --out FILE")
    Path scale;

    @Mixin
    JsonOutput json;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> missed = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        com.fasterxml.jackson.databind.node.ArrayNode j = mapper.createArrayNode();
        for (Path p : jmh) {
            JsonNode results = read(p);
            if (results != null) {
                results.forEach(j::add);
            }
        }
        throughput(j);
        allocation(j);
        currentCpu(j);
        cpuDead(j);
        flush(j);
        hotplug(read(hotplug));
        scale(read(scale));

        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("figures", rows);
            doc.put("missed", missed);
            JsonOutput.print(out, doc);
            return ExitCodes.OK;
        }
        out.println("| figure | measured | target | met? | vs TPE | vs FJP |");
        out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            String met = r.met() == null ? "–" : r.met() ? "yes" : "**NO**";
            out.println("| " + String.join(" | ", r.figure(), r.measured(), r.target(), met, r.vsTpe(), r.vsFjp())
                    + " |");
        }
        out.println();
        out.println(missed.isEmpty() ? "All targets met." : "Missed: " + String.join("; ", missed) + ".");
        out.flush();
        return ExitCodes.OK;
    }

    private JsonNode read(Path p) throws IOException {
        return p != null && Files.isRegularFile(p) ? mapper.readTree(p.toFile()) : null;
    }

    /** One line of the table; {@code met} null: no target, or not run. Also the JSON of {@code --json}. */
    record Row(String figure, String measured, String target, Boolean met, String vsTpe, String vsFjp) {
    }

    private void row(String figure, String measured, String target, Boolean met, String vsTpe, String vsFjp) {
        if (Boolean.FALSE.equals(met)) {
            missed.add(figure);
        }
        rows.add(new Row(figure, measured, target, met, vsTpe, vsFjp));
    }

    private void notRun(String figure, String target) {
        rows.add(new Row(figure, "not run", target, null, "", ""));
    }

    /** The JMH result of {@code Class.method} whose params all match ({@code "k=v"} pairs). */
    private static JsonNode find(JsonNode results, String benchmark, String... params) {
        if (results == null) {
            return null;
        }
        outer:
        for (JsonNode r : results) {
            if (!r.path("benchmark").asText().endsWith("." + benchmark)) {
                continue;
            }
            for (String kv : params) {
                String[] p = kv.split("=", 2);
                if (!r.path("params").path(p[0]).asText().equals(p[1])) {
                    continue outer;
                }
            }
            return r;
        }
        return null;
    }

    private static double score(JsonNode r) {
        return r.path("primaryMetric").path("score").asDouble(Double.NaN);
    }

    private static double percentile(JsonNode r, String p) {
        return r.path("primaryMetric").path("scorePercentiles").path(p).asDouble(Double.NaN);
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    private void throughput(JsonNode j) {
        for (String[] w : new String[][] {{"0", "no-op"}, {"1000", "1 µs"}}) {
            String figure = "queue→execute throughput, " + w[1] + " works, CPU sampling on";
            String target = "≥ 1.5× TPE, ≥ 1.0× FJP";
            JsonNode wq = find(j, "ThroughputBench.workqueue", "workNanos=" + w[0]);
            JsonNode tpe = find(j, "ThroughputBench.threadPoolExecutor", "workNanos=" + w[0]);
            JsonNode fjp = find(j, "ThroughputBench.forkJoinPool", "workNanos=" + w[0]);
            if (wq == null || tpe == null || fjp == null) {
                notRun(figure, target);
                continue;
            }
            double a = score(wq);
            double t = score(tpe);
            double fj = score(fjp);
            double[] range = iterationRange(wq);
            row(figure, f("%.2f M/s (iterations %.2f–%.2f; TPE %.2f, FJP %.2f)", a / 1e6, range[0] / 1e6,
                    range[1] / 1e6,
                    t / 1e6, fj / 1e6), target,
                    a / t >= 1.5 && a / fj >= 1.0, f("%.2f×", a / t), f("%.2f×", a / fj));
        }
    }

    /** Min and max over every measured iteration of every fork (JMH's 99.9 % interval is huge with 3 samples). */
    private static double[] iterationRange(JsonNode r) {
        double min = Double.NaN;
        double max = Double.NaN;
        for (JsonNode fork : r.path("primaryMetric").path("rawData")) {
            for (JsonNode v : fork) {
                double x = v.asDouble();
                min = Double.isNaN(min) ? x : Math.min(min, x);
                max = Double.isNaN(max) ? x : Math.max(max, x);
            }
        }
        return new double[] {min, max};
    }

    private void allocation(JsonNode j) {
        for (String[] w : new String[][] {{"0", "no-op"}, {"1000", "1 µs"}}) {
            String figure = "allocation per queue→execute, " + w[1] + " (-prof gc, all threads)";
            String target = "0 B/op (< 1: no per-op object)";
            JsonNode wq = find(j, "ThroughputBench.workqueue", "workNanos=" + w[0]);
            if (wq == null || wq.path("secondaryMetrics").path("gc.alloc.rate.norm").isMissingNode()) {
                notRun(figure, target);
                continue;
            }
            double b = norm(wq);
            row(figure, f("%.3f B/op (TPE %.1f, FJP %.1f)", b,
                    norm(find(j, "ThroughputBench.threadPoolExecutor", "workNanos=" + w[0])),
                    norm(find(j, "ThroughputBench.forkJoinPool", "workNanos=" + w[0]))), target, b < 1.0, "", "");
        }
    }

    private static double norm(JsonNode r) {
        return r == null ? Double.NaN
                : r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
    }

    private void currentCpu(JsonNode j) {
        String[][] paths = {{"jni", "currentCpu() via JNI", "≤ 10 ns"},
            {"jnaDirect", "currentCpu() via JNA direct mapping", ""},
            {"jnaInterface", "currentCpu() via JNA interface mapping", ""},
            {"platformCurrentCpu", "LinuxCpuPlatform.currentCpu() (what the core calls)", ""}};
        for (String[] p : paths) {
            JsonNode r = find(j, "CurrentCpuBench." + p[0]);
            if (r == null) {
                notRun(p[1], p[2].isEmpty() ? "–" : p[2]);
                continue;
            }
            double ns = score(r);
            row(p[1], f("%.1f ns", ns), p[2].isEmpty() ? "–" : p[2], p[2].isEmpty() ? null : ns <= 10.0, "", "");
        }
    }

    private void cpuDead(JsonNode j) {
        for (String policy : new String[] {"DRAIN", "DRAIN_SYNC", "TAKEOVER", "REBIND"}) {
            String figure = "CPU_DEAD callback, " + policy.toLowerCase(Locale.ROOT).replace('_', '-')
                    + " (median; 1 / 10³ / 10⁶ pending)";
            double[] med = new double[3];
            boolean all = true;
            String[] sizes = {"1", "1000", "1000000"};
            for (int i = 0; i < 3; i++) {
                JsonNode r = find(j, "CpuDeadBench.cpuDead", "policy=" + policy, "pending=" + sizes[i]);
                all &= r != null;
                med[i] = r == null ? Double.NaN : percentile(r, "50.0");
            }
            String target = policy.equals("DRAIN") ? "≤ 10 µs at 10⁶"
                    : policy.equals("TAKEOVER") ? "grows with pending" : "–";
            if (!all) {
                notRun(figure, target);
                continue;
            }
            String measured = f("%s / %s / %s", us(med[0]), us(med[1]), us(med[2]));
            Boolean met = null;
            if (policy.equals("DRAIN")) {
                met = med[2] <= 10.0;
            } else if (policy.equals("TAKEOVER")) {
                met = med[2] > 10 * med[0];
            }
            row(figure, measured, target, met, "", "");
        }
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String us(double us) {
        return us >= 1_000 ? f("%.2f ms", us / 1e3) : f("%.1f µs", us);
    }

    private void flush(JsonNode j) {
        for (String load : new String[] {"idle", "busy"}) {
            JsonNode r = find(j, "FlushBench.flush", "load=" + load);
            String figure = "flush_workqueue latency, " + load + (load.equals("busy") ? " (16 × 1 µs works/CPU)" : "");
            if (r == null) {
                notRun(figure, "–");
                continue;
            }
            row(figure, f("p50 %s, p99 %s", us(percentile(r, "50.0")), us(percentile(r, "99.0"))), "–", null, "", "");
        }
    }

    private void hotplug(JsonNode h) {
        if (h == null) {
            notRun("real hotplug: write duration and detection latency",
                    "uevent p50 ≤ 1 ms; poll p50 ≤ interval/2 + 1 ms");
            return;
        }
        boolean writesShown = false;
        for (JsonNode s : h.path("sources")) {
            String src = s.path("source").asText();
            if (s.has("unavailable")) {
                row("detection latency, " + src, "unavailable: " + s.path("unavailable").asText(), "", false, "", "");
                continue;
            }
            if (!writesShown) {
                for (String way : new String[] {"offline", "online"}) {
                    JsonNode w = s.path("write" + capitalized(way));
                    row("cpu" + h.path("cpu").asInt() + " " + way + " write (the kernel's cost: the floor)",
                            f("p50 %s, p99 %s", us(w.path("p50Us").asDouble()), us(w.path("p99Us").asDouble())), "–",
                            null, "", "");
                }
                writesShown = true;
            }
            JsonNode d = s.path("detect");
            double target = s.path("targetP50Us").asDouble();
            row("detection latency, " + src + " (write returned → action delivered, n=" + d.path("n").asInt() + ")",
                    f("p50 %s, p99 %s (p50 offline %s, online %s)", us(d.path("p50Us").asDouble()),
                            us(d.path("p99Us").asDouble()), us(s.path("detectOffline").path("p50Us").asDouble()),
                            us(s.path("detectOnline").path("p50Us").asDouble())),
                    "p50 ≤ " + us(target), d.path("p50Us").asDouble() <= target, "", "");
        }
    }

    private void scale(JsonNode s) {
        if (s == null) {
            notRun("1024-CPU simulation: poll tick and event through 8 workqueues",
                    "tick ≤ 50 µs (aggregate); event ≤ 1 ms");
            return;
        }
        int cpus = s.path("cpus").asInt();
        int wqs = s.path("workqueues").asInt();
        stat("poll tick, " + cpus + " CPUs, per-CPU mode", s.path("tickPerCpu"), Double.NaN);
        stat("poll tick, " + cpus + " CPUs, aggregate mode", s.path("tickAggregate"),
                s.path("tickTargetUs").asDouble());
        s.path("event").fields().forEachRemaining(e -> {
            String policy = e.getKey().toLowerCase(Locale.ROOT).replace('_', '-');
            stat("CPU event through " + wqs + " workqueues (+ keventd), " + cpus + " CPUs, " + policy
                    + ": offline→CPU_DEAD done", e.getValue().path("offline"), s.path("eventTargetUs").asDouble());
            stat("CPU event through " + wqs + " workqueues (+ keventd), " + cpus + " CPUs, " + policy
                    + ": online→CPU_ONLINE done", e.getValue().path("online"), s.path("eventTargetUs").asDouble());
        });
    }

    private void stat(String figure, JsonNode m, double targetUs) {
        double p50 = m.path("p50Us").asDouble();
        row(figure, f("p50 %s, p99 %s", us(p50), us(m.path("p99Us").asDouble())),
                Double.isNaN(targetUs) ? "–" : "p50 ≤ " + us(targetUs),
                Double.isNaN(targetUs) ? null : p50 <= targetUs, "", "");
    }
}
