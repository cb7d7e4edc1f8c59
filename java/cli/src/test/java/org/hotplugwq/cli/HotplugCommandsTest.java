package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The hotplug commands against a fake sysfs tree (no root or real CPU needed). */
class HotplugCommandsTest {
    @RegisterExtension
    final TestThreads threads = new TestThreads();
    @TempDir
    Path dir;
    Path sys;
    Path state;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    FakeSysfs fake;

    @BeforeEach
    void fakeTree() {
        sys = dir.resolve("sys");
        state = dir.resolve("run/offlined");
        fake = FakeSysfs.machine(sys, 4);
    }

    private void write(String rel, String text) {
        fake.write(rel, text);
    }

    private String read(String rel) {
        return fake.read(rel);
    }

    private int run(String... args) {
        return run(out, args);
    }

    private int run(java.io.Writer stdout, String... args) {
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--sysfs-root";
        all[args.length + 1] = sys.toString();
        all[args.length + 2] = "--state-file";
        all[args.length + 3] = state.toString();
        return cl.execute(all);
    }

    @Test
    void refusalsAreOneLineExitTwoAndChangeNothing() throws IOException {
        for (String[] args : new String[][] {{"offline", "0"}, {"offline", "x1"}, {"offline", "9"}, {"offline", "5"},
            {"online", "0"}, {"offline", "1-0"}}) {
            err.getBuffer().setLength(0);
            assertThat(run(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.REFUSED);
            assertThat(err.toString().strip()).as(String.join(" ", args)).isNotEmpty().doesNotContain("\n");
        }
        write("cpu0/online", "1");
        assertThat(run("offline", "0-3")).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("last online CPU");
        assertThat(read("cpu1/online") + read("cpu2/online") + read("cpu3/online")).isEqualTo("111");
        assertThat(state).doesNotExist();
    }

    @Test
    void dryRunWritesNothing() throws IOException {
        assertThat(run("offline", "--dry-run", "cpu2")).isZero();
        assertThat(out.toString()).contains("would offline cpu2");
        assertThat(read("cpu2/online")).isEqualTo("1");
        assertThat(state).doesNotExist();
    }

    @Test
    void offlineIsDeliberateUntilOnlineOrRestore() throws IOException {
        assertThat(run("offline", "2", "3")).isZero();
        assertThat(read("cpu2/online") + read("cpu3/online")).isEqualTo("00");
        assertThat(Files.readString(state)).contains("cpu=2").contains("cpu=3").contains("kind=deliberate");
        assertThat(run("online", "2")).isZero();
        assertThat(read("cpu2/online")).isEqualTo("1");
        assertThat(run("restore")).isZero();
        assertThat(out.toString()).contains("cpu3: back online");
        assertThat(read("cpu3/online")).isEqualTo("1");
        assertThat(Files.readString(state)).doesNotContain("cpu=");
    }

    @Test
    void monitorPrintsOneLinePerAction() throws Exception {
        CompletableFuture<Integer> monitor = threads.call("monitor",
                () -> run("monitor", "--source", "poll", "--interval", "1ms", "--count", "3", "--json"));
        await().atMost(Duration.ofSeconds(10)).until(() -> err.toString().contains("hotplugwq monitor:"));
        write("cpu1/online", "0");
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("CPU_DEAD"));
        write("cpu1/online", "1");
        assertThat(TestThreads.get(monitor, "monitor")).isZero();
        assertThat(out.toString().strip().split("\n")).hasSize(3)
                .allSatisfy(line -> assertThat(line).startsWith("{\"time\":").contains("\"cpu\":1"));
        assertThat(out.toString()).contains("\"action\":\"CPU_DEAD\"", "\"action\":\"CPU_UP_PREPARE\"",
                "\"action\":\"CPU_ONLINE\"", "\"observedNs\":", "\"deliveredNs\":").doesNotContain("_ns");
    }

    @Test
    void aRefusalAfterAnEarlierCpuChangedExitsOneAndSaysWhatWasDone() throws IOException {
        // after cpu1's line is printed, cpu2 stops being hotpluggable (its online file goes away): the
        // controller's own check refuses cpu2 although cpu1 is already offline
        java.io.Writer stdout = new java.io.Writer() {
            private boolean fired;

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
                if (!fired && out.toString().contains("cpu1: offline")) {
                    fired = true;
                    Files.delete(sys.resolve("cpu2/online"));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertThat(run(stdout, "offline", "1-3")).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("cpu2: not hotpluggable")
                .contains("done before the refusal: cpu 1").contains("not done: cpu 2-3");
        assertThat(read("cpu1/online") + read("cpu3/online")).isEqualTo("01");
        assertThat(Files.readString(state)).contains("cpu=1").doesNotContain("cpu=2").doesNotContain("cpu=3");
    }

    @Test
    void aRefusalBeforeAnythingChangedStillExitsTwo() throws IOException {
        write("cpu1/online", "0"); // offline 1-2: cpu1 is already offline (nothing done), then cpu2 is refused
        java.io.Writer stdout = new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                out.write(buf, off, len);
                Files.deleteIfExists(sys.resolve("cpu2/online"));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertThat(run(stdout, "offline", "1-2")).isEqualTo(ExitCodes.REFUSED);
        assertThat(out.toString()).contains("cpu1: already offline");
    }
}
