package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Like {@code perf stat}: Ctrl-C in the middle of a run prints the summary, writes report.json and report.html for
 * the part that ran, marked interrupted, and exits 130. A child JVM runs the real command line on simulated CPUs
 * and gets a real SIGINT.
 */
class CtrlCKeepsWhatWasMeasuredTest {
    @TempDir
    Path dir;

    @Test
    void sigintMidRunWritesTheReportsMarkedInterruptedAndExits130() throws Exception {
        Path out = dir.resolve("out");
        // a shell started in the background may have left SIGINT ignored, and children inherit that: perl puts
        // the default back before the JVM starts (which then installs its own handler)
        List<String> prefix = Files.isExecutable(Path.of("/usr/bin/perl"))
                ? List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die") : List.of();
        ChildJvm child = ChildJvm.start(prefix, System.getProperty("java.class.path"), List.of(), HotplugWq.class,
                "stress", "--simulate", "2", "--duration", "60s", "--workqueues", "1", "--producers", "1",
                "--work-time", "5us", "--out", out.toString(), "--state-file", dir.resolve("offlined").toString());
        List<String> stdout = new ArrayList<>();
        String line;
        while ((line = child.readLine()) != null) {
            stdout.add(line);
            if (line.startsWith("hotplugwq stress: 60s on ")) {
                break; // the handler is in place before this line is printed
            }
        }
        assertThat(line).as("the run's first line; so far: %s", stdout).isNotNull();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.process.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0).isTrue();
        while ((line = child.readLine()) != null) {
            stdout.add(line);
        }

        assertThat(child.waitFor()).as(String.join("\n", stdout)).isEqualTo(Sigint.EXIT_CODE);
        String text = String.join("\n", stdout);
        assertThat(text).contains("works executed", "CPUs restored: yes", "interrupted after", "report: ");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("interrupted").asBoolean()).isTrue();
        assertThat(report.path("durationS").asDouble()).isLessThan(60);
        assertThat(report.path("cpusRestored").asBoolean()).isTrue();
        assertThat(report.at("/provenance/commandLine/0").asText()).isEqualTo("stress");
        assertThat(out.resolve("report.html")).exists();
    }
}
