package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.linux.LinuxProbes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hotplugwq stress} through the command line, on simulated CPUs or on a fake sysfs tree: never real
 * hotplug. Short runs (1 s, small load) that must hold every invariant.
 */
class StressCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-file", dir.resolve("offlined").toString()));
        return cl.execute(all.toArray(String[]::new));
    }

    /** A short, light simulated run (the default pause: a dozen hotplug operations). */
    private String[] quick(String... more) {
        List<String> args = new ArrayList<>(List.of("stress", "--simulate", "4", "--duration", "1s", "--workqueues",
                "1", "--producers", "1", "--work-time", "5us", "--seed", "7",
                "--out", dir.resolve("out").toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aSimulatedRunHoldsEveryInvariantAndWritesTheReports() throws IOException {
        int code = run(quick());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("*** SIMULATED RUN on 4 virtual CPUs")
                .contains("policies [takeover, drain, drain-sync, rebind]")
                .contains("report: ");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.path("invariantsHeld").asBoolean()).isTrue();
        assertThat(report.path("policies").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("takeover", "drain", "drain-sync", "rebind");
        assertThat(dir.resolve("out/report.html")).exists();
    }

    @Test
    void jsonPutsTheReportAloneOnStandardOutput() throws IOException {
        int code = run(quick("--json", "--policy", "drain,rebind", "--source", "poll", "--interval", "2ms"));

        assertThat(code).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.path("invariantsHeld").asBoolean()).isTrue();
        assertThat(report.path("policies").fieldNames()).toIterable().containsExactly("drain", "rebind");
        assertThat(report.at("/options/source").asText()).isEqualTo("poll:2ms");
        assertThat(err.toString()).contains("*** SIMULATED RUN").contains("report: ");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        assertThat(run(quick("--dry-run"))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dry run: nothing will be written. Plan for 1s with seed 7 on cpu 1-3");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theOldIntervalRangeStillSetsThePauseAndSaysItIsDeprecated() {
        assertThat(run(quick("--dry-run", "--pause", "5ms-6ms"))).isZero();
        String withPause = out.toString();
        assertThat(err.toString()).isEmpty();
        out.getBuffer().setLength(0);

        assertThat(run(quick("--dry-run", "--interval", "5ms-6ms"))).isZero();
        assertThat(out.toString()).isEqualTo(withPause);
        assertThat(err.toString().strip()).isEqualTo("hotplugwq stress: --interval MIN-MAX is deprecated: it is"
                + " --pause MIN-MAX now (--interval is the poll interval, as in every command)");
    }

    @Test
    void refusalsAreOneLineExitTwo() {
        String[][] cases = {
            quick("--policy", "drain,nope"),
            quick("--cpus", "9"),
            quick("--cpus", "x1"),
            quick("--pause", "8ms-2ms"),
            quick("--source", "netlink"),
            quick("--source", "poll:3ms", "--interval", "2ms"),
            quick("--interval", "soon"),
            quick("--duration", "soon"),
        };
        for (String[] args : cases) {
            err.getBuffer().setLength(0);
            String what = String.join(" ", args);
            assertThat(run(args)).as(what).isEqualTo(ExitCodes.REFUSED);
            assertThat(err.toString().lines()).as(what).singleElement().asString().startsWith("hotplugwq stress: ");
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theMachineIsReadFromSysfsRoot() throws IOException {
        Path sys = fakeTreeWithoutHotpluggableCpu();

        assertThat(run("stress", "--dry-run", "--duration", "1s", "--sysfs-root", sys.toString())).isZero();

        // the fake tree decides (as root: no cpuN/online in it); not the machine's own sysfs
        assertThat(out.toString()).contains("*** SIMULATED RUN")
                .contains(LinuxProbes.isRoot() ? "no " + sys + "/cpuN/online file" : "not root");
    }

    @Test
    void hotplugwqSysfsInTheEnvironmentIsHonoured() throws Exception {
        Path sys = fakeTreeWithoutHotpluggableCpu();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HotplugWq.class.getName(),
                "stress", "--dry-run", "--duration", "1s", "--out", dir.resolve("out").toString())
                .redirectErrorStream(true);
        pb.environment().put(SysfsOptions.SYSFS_ENV, sys.toString());
        pb.environment().put(HotplugEnvironment.STATE_FILE_ENV, dir.resolve("offlined").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("*** SIMULATED RUN")
                .contains(LinuxProbes.isRoot() ? "no " + sys + "/cpuN/online file" : "not root");
    }

    /** Two CPUs, neither with an {@code online} file: nothing to hotplug here. */
    private Path fakeTreeWithoutHotpluggableCpu() throws IOException {
        Path sys = dir.resolve("sys");
        for (String list : new String[] {"possible", "present", "online"}) {
            Files.createDirectories(sys);
            Files.writeString(sys.resolve(list), "0-1\n");
        }
        Files.createDirectories(sys.resolve("cpu0"));
        Files.createDirectories(sys.resolve("cpu1"));
        return sys;
    }
}
