package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.hotplugwq.stress.report.StressReport;
import org.hotplugwq.stress.report.SummaryTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The summary table of a real (simulated) run fits 80 columns, and uses 200 when it has them. */
class TerminalWidthTest {
    @TempDir
    static Path dir;
    static StressReport report;

    @BeforeAll
    static void aRun() throws Exception {
        CommandLine cl = HotplugWq.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("stress", "--simulate", "4", "--duration", "1s", "--workqueues", "1", "--producers",
                "1", "--work-time", "5us", "--out", dir.resolve("out").toString(), "--state-file",
                dir.resolve("offlined").toString());
        assertThat(code).as(err.toString()).isZero();
        report = new ObjectMapper().readValue(dir.resolve("out/report.json").toFile(), StressReport.class);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    @Test
    void at80ColumnsNoLineIsWiderAndEveryPolicyIsThere() {
        String table = SummaryTable.render(report, 80);
        assertThat(lines(table)).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(table).contains("takeover", "drain", "drain-sync", "rebind", "works executed", "invariants held");
        assertThat(lines(table).stream().filter(l -> l.startsWith("works executed")).count())
                .as("the policies in more than one block").isGreaterThan(1);
    }

    @Test
    void at200ColumnsThePoliciesStandSideBySide() {
        String table = SummaryTable.render(report, 200);
        assertThat(lines(table)).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(200));
        assertThat(lines(table)).anySatisfy(l -> assertThat(l).contains("takeover", "drain", "drain-sync", "rebind"));
        assertThat(lines(table).stream().filter(l -> l.startsWith("works executed")).count()).isEqualTo(1);
    }

    @Test
    void tooNarrowForOneColumnEachPolicyIsABlockOfLabelledLines() {
        String table = SummaryTable.render(report, 40);
        assertThat(table).contains("rebind\n  works queued: ");
    }
}
