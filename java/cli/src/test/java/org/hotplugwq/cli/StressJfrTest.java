package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordingFile;
import org.hotplugwq.jfr.CpuCallbackEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code stress --jfr FILE} on simulated CPUs: the recording holds the library's events; a bad FILE is refused. */
class StressJfrTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int stress(String... more) {
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("stress", "--simulate", "2", "--duration", "1s", "--workqueues",
                "1", "--producers", "1", "--work-time", "5us", "--seed", "7", "--policy", "drain",
                "--out", dir.resolve("out").toString(), "--state-file", dir.resolve("offlined").toString()));
        args.addAll(List.of(more));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void aRunIsRecordedWithTheLibrarysEvents() throws IOException {
        Path file = dir.resolve("run.jfr");
        assertThat(stress("--jfr", file.toString())).as(err.toString()).isZero();
        Set<String> names = RecordingFile.readAllEvents(file).stream().map(e -> e.getEventType().getName())
                .collect(Collectors.toSet());
        assertThat(names).contains(CpuCallbackEvent.NAME, "jdk.CPULoad");
    }

    @Test
    void aFileInAMissingFolderIsRefusedBeforeTheRun() {
        Path file = dir.resolve("missing/run.jfr");
        assertThat(stress("--jfr", file.toString())).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().lines()).singleElement().asString().contains("--jfr").contains("no folder");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
