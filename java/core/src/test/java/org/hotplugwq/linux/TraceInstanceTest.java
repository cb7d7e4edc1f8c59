package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A private instance on a fake tracefs tree: what is written where, how it is read and removed. */
class TraceInstanceTest {
    private static final List<String> EVENTS = List.of("sched/sched_switch", "cpuhp/cpuhp_enter");

    @TempDir
    Path root;

    private TraceFs fakeTracefs() throws IOException {
        Files.createDirectories(root.resolve("instances"));
        for (String e : EVENTS) {
            Files.createDirectories(root.resolve("events").resolve(e));
        }
        return TraceFs.at(root);
    }

    @Test
    void anInstanceIsConfiguredReadAndRemoved() throws Exception {
        TraceFs fs = fakeTracefs();
        assertThat(fs.unavailabilityCause()).isNull();
        TraceInstance t = fs.createInstance("test", EVENTS, 4096, "mono");
        Path dir = t.dir();
        assertThat(dir.getFileName().toString()).startsWith("hotplugwq-" + ProcessHandle.current().pid() + "-test-");
        assertThat(t.clock()).isEqualTo("mono");
        assertThat(t.bufferKbPerCpu()).isEqualTo(4096);
        assertThat(Files.readString(dir.resolve("events/sched/sched_switch/enable"))).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("events/cpuhp/cpuhp_enter/enable"))).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("tracing_on"))).isEqualTo("1");

        Files.createDirectories(dir.resolve("per_cpu/cpu0"));
        Files.createDirectories(dir.resolve("per_cpu/cpu1"));
        Files.writeString(dir.resolve("per_cpu/cpu0/stats"), "entries: 3015\noverrun: 7\ncommit overrun: 0\n");
        Files.writeString(dir.resolve("per_cpu/cpu1/stats"), "entries: 1\noverrun: 5\n");
        assertThat(t.overruns()).isEqualTo(12);

        Files.write(dir.resolve("trace_pipe"), TraceLineParserTest.captured(), StandardCharsets.US_ASCII);
        List<TraceEvent> got = new CopyOnWriteArrayList<>();
        TracePipeReader reader = new TracePipeReader(t, got::add, 0);
        reader.start();
        assertThat(reader.stop(java.time.Duration.ofSeconds(10))).isTrue(); // a plain file ends
        assertThat(got).isEqualTo(TraceLineParserTest.capturedEvents());
        assertThat(reader.events()).isEqualTo(got.size());
        assertThat(reader.realtimeCause()).isNotNull();

        t.close();
        assertThat(dir).doesNotExist();
    }

    @Test
    void instancesOfProcessesThatAreGoneAreRemovedAndOthersKept() throws Exception {
        TraceFs fs = fakeTracefs();
        long dead = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        Path stale = Files.createDirectories(root.resolve("instances/hotplugwq-" + dead + "-stress-1"));
        Files.writeString(stale.resolve("tracing_on"), "1");
        Path mine = Files.createDirectories(root.resolve("instances/hotplugwq-" + ProcessHandle.current().pid()
                + "-other-1"));
        Path foreign = Files.createDirectories(root.resolve("instances/someone-else"));
        try (TraceInstance t = fs.createInstance("x", EVENTS, 64, "mono")) {
            assertThat(stale).doesNotExist();
            assertThat(mine).exists();
            assertThat(foreign).exists();
        }
    }

    @Test
    void whyItCannotBeUsedInOneLine() throws IOException {
        assertThat(TraceFs.at(root.resolve("nothing")).unavailabilityCause()).contains("no tracefs at");
        TraceFs fs = fakeTracefs();
        assertThat(fs.missingEvents(List.of("sched/sched_switch", "cpuhp/cpuhp_exit")))
                .containsExactly("cpuhp/cpuhp_exit");
        assertThatThrownBy(() -> fs.createInstance("x", List.of("cpuhp/cpuhp_exit"), 64, "mono"))
                .hasMessageContaining("no trace event cpuhp/cpuhp_exit");
    }
}
