package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hotplugwq.linux.LinuxProbes;
import org.hotplugwq.testkit.ChildJvm;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals that need a process of their own: the state file named by {@code HOTPLUGWQ_STATE_FILE}, and what a
 * user who is not root sees ({@code setpriv} to nobody): {@code info} does not claim sysfs is writable, and
 * {@code stress --out} a root-owned folder is refused before the run. The real command line, {@code main} and
 * all, in a child JVM.
 */
class ChildRefusalsTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result run(List<String> prefix, String classpath, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ChildJvm.javaBinary());
        if (Runtime.version().feature() >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // JNA: else JDK 22+ warns on stderr (not one line)
        }
        cmd.addAll(List.of("-cp", classpath, HotplugWq.class.getName()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void aForeignFileInTheEnvironmentIsRefusedUntouched() throws Exception {
        Path sys = dir.resolve("sys");
        FakeSysfs.machine(sys, 4);
        Path foreign = dir.resolve("notes");
        Files.writeString(foreign, "dear diary\n");

        Result r = run(List.of("env", "HOTPLUGWQ_STATE_FILE=" + foreign, "HOTPLUGWQ_SYSFS=" + sys),
                System.getProperty("java.class.path"), "offline", "1");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("not a hotplugwq state file");
        assertThat(Files.readString(foreign)).isEqualTo("dear diary\n");
        assertThat(Files.readString(sys.resolve("cpu1/online"))).isEqualTo("1\n");
        assertThat(dir.resolve("notes.lock")).doesNotExist();
    }

    @Test
    void asNobodyInfoIsHonestAndStressOutInARootOwnedFolderIsRefused() throws Exception {
        assumeTrue(LinuxProbes.isRoot() && Files.isExecutable(Path.of("/usr/bin/setpriv")), "root and setpriv");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String cp = worldReadable(dir.resolve("cp"));
        List<String> nobody = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups");
        Path rootOwned = Files.createDirectories(dir.resolve("root-owned"));

        Result info = run(nobody, cp, "info", "--calls", "1000", "--rounds", "1");
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out().lines().filter(l -> l.startsWith("sysfs writable")).findFirst().orElseThrow())
                .startsWith("sysfs writable         no");

        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        ChildJvm.makeReadable(tmp);
        Result stress = run(nobody, cp, "stress", "--simulate", "2", "--duration", "1s", "--out",
                rootOwned.resolve("out").toString(), "--state-file", tmp.resolve("offlined").toString());
        assertThat(stress.code()).as(stress.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(stress.err().lines().toList()).hasSize(1);
        assertThat(stress.err()).contains("is not writable by this user");
        try (Stream<Path> left = Files.list(rootOwned)) {
            assertThat(left).isEmpty();
        }
    }

    /** Allowed only cpu0 (taskset), the real machine has no CPU this run may hotplug, and the refusal says why. */
    @Test
    void noCpuToHotplugNamesTheAllowedCpus() throws Exception {
        assumeTrue(LinuxProbes.isRoot() && Files.isExecutable(Path.of("/usr/bin/taskset"))
                && Files.exists(Path.of("/sys/devices/system/cpu/cpu1/online")), "root, taskset and a cpu1/online");
        // the child's start-of-command recovery reads this state file, not the machine's
        List<String> prefix = List.of("env", "HOTPLUGWQ_STATE_FILE=" + dir.resolve("offlined"), "/usr/bin/taskset",
                "-c", "0");
        Result r = run(prefix, System.getProperty("java.class.path"), "stress",
                "--duration", "1s", "--source", "poll", "--state-file", dir.resolve("offlined").toString(), "--out",
                dir.resolve("out").toString());

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err().lines().toList()).hasSize(1);
        assertThat(r.err()).contains("no CPU to hotplug: this process's allowed CPUs (0) exclude cpu 1");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** This test run's classpath copied where nobody may read it (~/.m2 may be root's alone). */
    private static String worldReadable(Path into) throws IOException {
        Files.createDirectories(into);
        ChildJvm.makeReadable(into);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = into.resolve("cp" + i++ + (Files.isDirectory(src) ? "" : ".jar"));
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                    ChildJvm.makeReadable(target);
                }
            }
            entries.add(dst.toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
