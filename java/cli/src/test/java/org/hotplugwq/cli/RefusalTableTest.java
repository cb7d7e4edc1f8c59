package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hotplugwq.linux.LinuxProbes;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every refusal of the command line, one row each: the arguments, then exit 2, exactly one line on stderr that
 * says why, and nothing changed (the fake CPU tree, the state file or a foreign file given as one, the out dir).
 * {@code {tmp}} in an argument is the test's temp dir, in which {@link #setUp} lays a fake 4-CPU tree and the
 * foreign files. Every command runs on the fake tree and a state file in the temp dir: never real hotplug.
 */
class RefusalTableTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** One case: the arguments and a word the one stderr line must contain. */
    record Row(String args, String says) {
        @Override
        public String toString() {
            return args;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                // asked for a simulation: never real hotplug
                new Row("stress --simulate 0", "--simulate must be 2..256"),
                new Row("stress --simulate=-1", "--simulate must be 2..256"),
                new Row("stress --simulate 1", "--simulate must be 2..256"),
                new Row("stress --simulate 100000", "--simulate must be 2..256"),
                // bounded counts and durations (they hung)
                new Row("stress --simulate 4 --producers 100000", "--producers must be 1..256"),
                new Row("stress --simulate 4 --producers 0", "--producers must be 1..256"),
                new Row("stress --simulate 4 --workqueues 100000", "--workqueues must be 1..64"),
                new Row("stress --simulate 4 --duration 9999999999999999999s", "--duration must be at most 168h"),
                new Row("stress --simulate 4 --duration 0s", "--duration must be positive"),
                new Row("stress --simulate 4 --duration -1s", "negative duration"),
                new Row("stress --simulate 4 --duration soon", "not a duration"),
                new Row("stress --simulate 4 --work-time 2s", "--work-time must be at most 1s"),
                new Row("stress --simulate 4 --pause 1ms-2h", "--pause must be at most"),
                new Row("stress --simulate 4 --pause 100ms-20ms", "interval"),
                new Row("stress --simulate 4 --inject-failures NaN", "--inject-failures must be a rate in 0..1"),
                new Row("stress --simulate 4 --inject-failures 1.5", "--inject-failures must be a rate in 0..1"),
                new Row("stress --simulate 4 --inject-failures lots", "Invalid value"),
                new Row("stress --simulate 4 --policy nope", "nope"),
                new Row("stress --simulate 4 --source carrier-pigeon", "expected uevent, trace, poll"),
                new Row("stress --simulate 4 --cpus 9", "cannot be hotplugged here"),
                new Row("stress --simulate 4 --cpus x", "x"),
                new Row("stress --simulate 4 --no-such-option", "Unknown option"),
                // --out checked before the run
                new Row("stress --simulate 4 --out {tmp}/a-file", "is a file, not a directory"),
                new Row("stress --simulate 4 --out {tmp}/a-file/below", "is a file, not a directory"),
                new Row("stress --simulate 4 --out {tmp}/out-with-dir-report", "exists and cannot be replaced"),
                // counts of the other commands
                new Row("monitor --count -1", "--count must be 1.."),
                new Row("monitor --count 0", "--count must be 1.."),
                new Row("monitor --resync 0s", "must be positive"),
                new Row("latency --toggles -1", "--toggles must be 1..10000"),
                new Row("latency --toggles 100000", "--toggles must be 1..10000"),
                new Row("latency --cpu cpu", "expected 1, cpu1 or auto"),
                new Row("info --calls 0", "--calls and --rounds must be positive"),
                // a state file that is not ours is refused untouched
                new Row("offline 1 --state-file {tmp}/notes.txt", "not a hotplugwq state file"),
                new Row("offline 1 --state-file {tmp}/truncated", "truncated line"),
                new Row("offline 1 --state-file {tmp}/passwd-link", "symbolic link"),
                new Row("offline 1 --state-file {tmp}/random.bin", "not text"),
                new Row("offline 1 --state-file {tmp}/a-directory", "is a directory"),
                new Row("offline 1 --state-file /", "is a directory"),
                new Row("online 1 --state-file {tmp}/notes.txt", "not a hotplugwq state file"),
                new Row("restore --state-file {tmp}/passwd-link", "symbolic link"),
                new Row("restore --dry-run --state-file {tmp}/random.bin", "not text"),
                new Row("latency --state-file {tmp}/notes.txt", "not a hotplugwq state file"),
                // the CPU arguments
                new Row("offline 0", "cpu0"),
                new Row("offline x1", "x1"),
                new Row("offline 9", "cpu9"),
                new Row("offline 5", "cpu5"),
                new Row("offline 1-0", "1-0"),
                new Row("online 0", "cpu0"),
                new Row("offline", "Missing required parameter"),
                new Row("no-such-command", "Unmatched argument"));
    }

    @BeforeEach
    void setUp() throws IOException {
        FakeSysfs.machine(dir.resolve("sys"), 4);
        Files.writeString(dir.resolve("notes.txt"), "my notes\nnot a state file\n");
        Files.writeString(dir.resolve("truncated"),
                "# CPUs offlined by hotplugwq; `hotplugwq restore` brings them back\ncpu=1 pid=12 star");
        Path passwd = dir.resolve("passwd-copy");
        Files.copy(Path.of("/etc/passwd"), passwd);
        Files.createSymbolicLink(dir.resolve("passwd-link"), passwd);
        byte[] random = new byte[512];
        new java.util.Random(12).nextBytes(random);
        Files.write(dir.resolve("random.bin"), random);
        Files.createDirectories(dir.resolve("a-directory"));
        Files.writeString(dir.resolve("a-file"), "a file\n");
        Files.createDirectories(dir.resolve("out-with-dir-report/report.json"));
    }

    private int run(String... args) {
        CommandLine cl = HotplugWq.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(Arrays.asList(args));
        String command = args.length == 0 ? "" : args[0];
        if (List.of("stress", "monitor", "latency", "offline", "online", "restore", "info").contains(command)
                && !all.contains("--sysfs-root")) {
            all.addAll(List.of("--sysfs-root", dir.resolve("sys").toString()));
            if (!command.equals("info") && !all.contains("--state-file")) {
                all.addAll(List.of("--state-file", dir.resolve("run/offlined").toString()));
            }
        }
        return cl.execute(all.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void refusedInOneLineWithExitTwoAndNothingChanged(Row row) throws IOException {
        Map<String, String> before = snapshot();
        String passwd = Files.readString(Path.of("/etc/passwd"));
        String[] args = row.args().replace("{tmp}", dir.toString()).split(" ");

        int code = run(args);

        String stderr = err.toString();
        assertThat(code).as(stderr).isEqualTo(ExitCodes.REFUSED);
        assertThat(stderr.lines().toList()).as("stderr").hasSize(1);
        assertThat(stderr).contains(row.says()).doesNotContain("Exception", "\tat ");
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
        assertThat(Files.readString(Path.of("/etc/passwd"))).isEqualTo(passwd);
        assertThat(dir.resolve("run")).as("no state file, no lock file").doesNotExist();
    }

    /** The "no CPU to hotplug" refusal names the reason: here every candidate CPU is offline at start. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("noCpuRows")
    void noCpuToHotplugSaysWhy(Row row) throws IOException {
        assumeTrue(LinuxProbes.isRoot(), "a run on the fake tree is real (not simulated) only as root");
        // two CPUs: this process may run on both (a real machine's hotpluggable CPUs are the allowed ones)
        FakeSysfs fake = FakeSysfs.machine(dir.resolve("sys2"), 2);
        fake.setOnline(1, false);
        Map<String, String> before = snapshot();

        int code = run((row.args() + " --sysfs-root " + dir.resolve("sys2")).split(" "));

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().lines().toList()).hasSize(1);
        assertThat(err.toString()).contains(row.says()).doesNotContain("hotpluggable: )");
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Row> noCpuRows() {
        return Stream.of(new Row("stress --duration 1s --source poll", "no CPU to hotplug: cpu 1 offline at start"),
                new Row("stress --duration 1s --source poll --cpus 1", "cpu 1 is offline"));
    }

    /** Every file under the temp dir: what it is (a link keeps its target) and its bytes. */
    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        Function<Path, String> describe = p -> {
            try {
                if (Files.isSymbolicLink(p)) {
                    return "link -> " + Files.readSymbolicLink(p);
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    return "dir";
                }
                return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        };
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(p -> files.put(dir.relativize(p).toString(), describe.apply(p)));
        }
        return files;
    }
}
