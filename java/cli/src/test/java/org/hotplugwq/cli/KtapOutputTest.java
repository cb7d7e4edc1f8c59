package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --format ktap} read back by {@link KtapParser} (written from ktap.rst, not from our printer): valid KTAP
 * v1, one test per policy with a subtest per invariant and one for the run, SKIP with the reason on a simulated
 * run, kselftest's exit codes (0 pass, 1 fail, 4 skip), nothing but KTAP on standard output.
 */
class KtapOutputTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("info")) {
            all.addAll(List.of("--state-file", dir.resolve("offlined").toString()));
        }
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void theParserTakesTheSpecsOwnExampleAndRefusesBrokenOutput() {
        String spec = String.join("\n", "KTAP version 1", "1..1", "  KTAP version 1", "  1..3", "    KTAP version 1",
                "    1..1", "    # test_1: initializing test_1", "    ok 1 test_1", "  ok 1 example_test_1",
                "    KTAP version 1", "    1..2", "    ok 1 test_1 # SKIP test_1 skipped", "    ok 2 test_2",
                "  ok 2 example_test_2", "    KTAP version 1", "    1..3", "    ok 1 test_1", "    # test_2: FAIL",
                "    not ok 2 test_2", "    ok 3 test_3 # SKIP test_3 skipped", "  not ok 3 example_test_3",
                "not ok 1 main_test");
        KtapParser.Level top = KtapParser.parse(spec);
        assertThat(top.tests()).hasSize(1);
        KtapParser.Test main = top.tests().get(0);
        assertThat(main.ok()).isFalse();
        assertThat(main.subtests()).extracting(KtapParser.Test::description)
                .containsExactly("example_test_1", "example_test_2", "example_test_3");
        assertThat(main.subtests().get(1).subtests().get(0).skipped()).isTrue();
        assertThat(main.subtests().get(1).subtests().get(0).diagnostic()).isEqualTo("test_1 skipped");

        assertThatThrownBy(() -> KtapParser.parse("1..1\nok 1 a")).hasMessageContaining("version line");
        assertThatThrownBy(() -> KtapParser.parse("KTAP version 1\n1..2\nok 1 a")).hasMessageContaining("plan");
        assertThatThrownBy(() -> KtapParser.parse("KTAP version 1\n# hello\n1..1\nok 1 a"))
                .hasMessageContaining("must follow the version line");
        assertThatThrownBy(() -> KtapParser.parse("KTAP version 1\n1..2\nok 1 a\nok 3 b")).hasMessageContaining("3");
        assertThatThrownBy(() -> KtapParser.parse("KTAP version 1\n1..1\n  KTAP version 1\n  1..1\n  ok 1 a\n"))
                .hasMessageContaining("no parent result line");
    }

    @Test
    void aSimulatedRunIsValidKtapSkippedWithItsReasonAndExitsFour() throws IOException {
        int code = run("stress", "--simulate", "4", "--duration", "1s", "--workqueues", "1", "--producers", "1",
                "--work-time", "5us", "--out", dir.resolve("out").toString(), "--format", "ktap");

        assertThat(code).as(err.toString()).isEqualTo(Ktap.SKIP);
        KtapParser.Level top = KtapParser.parse(out.toString());
        assertThat(top.plan()).isEqualTo(5);
        assertThat(top.tests()).extracting(KtapParser.Test::description)
                .containsExactly("takeover", "drain", "drain-sync", "rebind", "run");
        for (KtapParser.Test t : top.tests()) {
            assertThat(t.ok()).as(t.description()).isTrue();
            assertThat(t.skipped()).as(t.description()).isTrue();
            assertThat(t.diagnostic()).startsWith("simulated run: --simulate 4");
            assertThat(t.subtests()).allMatch(KtapParser.Test::skipped);
        }
        assertThat(top.tests().get(0).subtests()).extracting(KtapParser.Test::description)
                .containsExactly("exactlyOnce", "flush", "destroyRanEverything", "noWrongCpuWithoutHotplug",
                        "everyExecutionObserved", "noWorkFailures", "kernelTraceAgrees", "noHang");
        assertThat(top.tests().get(4).subtests()).extracting(KtapParser.Test::description)
                .containsExactly("cpusRestored", "noHang", "runCompleted");
        assertThat(err.toString()).contains("*** SIMULATED RUN").contains("report: ");
        assertThat(dir.resolve("out/report.json")).exists();
    }

    /** The same report as from a real run: passes exit 0 without SKIP; a broken invariant is not ok, exit 1. */
    @Test
    void aRealRunPassesAndABrokenInvariantFails() throws IOException {
        assertThat(run("stress", "--simulate", "2", "--duration", "1s", "--workqueues", "1", "--producers", "1",
                "--work-time", "5us", "--policy", "drain,rebind", "--out", dir.resolve("out").toString()))
                .as(err.toString()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = (ObjectNode) mapper.readTree(dir.resolve("out/report.json").toFile());
        ((ObjectNode) json.get("machine")).put("simulated", false).putNull("simulatedReason");
        StressReport real = mapper.treeToValue(json, StressReport.class);

        KtapParser.Level passed = KtapParser.parse(StressKtap.render(real));
        assertThat(StressKtap.exitCode(real)).isEqualTo(Ktap.PASS);
        assertThat(passed.tests()).allMatch(t -> t.ok() && !t.skipped() && t.subtests().stream()
                .allMatch(s -> s.ok() && !s.skipped()));

        ((ObjectNode) json.at("/policies/rebind/invariants")).put("flush", false);
        json.put("invariantsHeld", false).putArray("failures").add("rebind: flush: 3 flush/flush_work calls returned"
                + " early");
        StressReport broken = mapper.treeToValue(json, StressReport.class);
        KtapParser.Level failed = KtapParser.parse(StressKtap.render(broken));
        assertThat(StressKtap.exitCode(broken)).isEqualTo(Ktap.FAIL);
        KtapParser.Test rebind = failed.tests().get(1);
        assertThat(rebind.description()).isEqualTo("rebind");
        assertThat(rebind.ok()).isFalse();
        assertThat(rebind.diagnostics()).anyMatch(d -> d.contains("returned early"));
        assertThat(rebind.subtests()).filteredOn(s -> !s.ok()).extracting(KtapParser.Test::description)
                .containsExactly("flush");
        assertThat(failed.tests().get(0).ok()).isTrue();
    }

    @Test
    void infoAndMonitorSpeakKtapAndOtherCommandsRefuseIt() {
        Path sys = dir.resolve("sys");
        FakeSysfs.machine(sys, 4);
        int code = run("info", "--sysfs-root", sys.toString(), "--calls", "1000", "--rounds", "1", "--format",
                "ktap");
        KtapParser.Level info = KtapParser.parse(out.toString());
        assertThat(info.tests()).isNotEmpty();
        assertThat(code).isIn(Ktap.PASS, Ktap.SKIP);

        err.getBuffer().setLength(0);
        assertThat(run("latency", "--format", "ktap")).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("--format ktap is for stress, monitor and info");
        err.getBuffer().setLength(0);
        assertThat(run("stress", "--format", "yaml")).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("--format must be text, json or ktap");
    }
}
