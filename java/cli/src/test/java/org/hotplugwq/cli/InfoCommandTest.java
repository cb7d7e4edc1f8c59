package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hotplugwq.linux.HotplugWqNative;
import org.hotplugwq.linux.LinuxArch;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InfoCommandTest {
    @TempDir
    Path sysfs;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = HotplugWq.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    /** A 4-CPU tree: cpu0 not hotpluggable, cpu2 offline, cpu3 isolated, only cpu1 with fault injection. */
    @BeforeEach
    void fakeTree() {
        FakeSysfs.machine(sysfs, 4).setOnline(2, false).write("isolated", "3")
                .delete("cpu2/hotplug/fail").delete("cpu3/hotplug/fail");
    }

    @Test
    void jsonCarriesTheFactsOfTheTree() throws Exception {
        assumeTrue(LinuxArch.current().isPresent(), "info needs Linux");

        int rc = run("info", "--json", "--sysfs-root", sysfs.toString(), "--calls", "2000", "--rounds", "1");

        assertThat(rc).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        JsonNode cpus = json.get("cpus");
        assertThat(cpus.get("possible").asText()).isEqualTo("0-3");
        assertThat(cpus.get("online").asText()).isEqualTo("0-1,3");
        assertThat(cpus.get("offline").asText()).isEqualTo("2");
        assertThat(cpus.get("isolated").asText()).isEqualTo("3");
        assertThat(cpus.get("hotpluggable").asText()).isEqualTo("1-3");
        assertThat(cpus.get("affinityMaskBytes").asInt()).isEqualTo(8);
        assertThat(json.at("/faultInjection/cpus").asText()).isEqualTo("1");
        assertThat(json.at("/kernel/release").asText()).isEqualTo(System.getProperty("os.version"));
        assertThat(json.at("/netlinkUevent/available").isBoolean()).isTrue();
        assertThat(json.at("/privileges/root").isBoolean()).isTrue();
        JsonNode cur = json.get("currentCpu");
        assertThat(cur.get("activePath").asText()).isEqualTo(HotplugWqNative.isAvailable() ? "jni" : "jna");
        assertThat(cur.get("jnaNsPerCall").asDouble()).isPositive();
        assertThat(cur.get("jniNsPerCall").isNull()).isEqualTo(!HotplugWqNative.isAvailable());
    }

    @Test
    void textNamesEachFact() {
        assumeTrue(LinuxArch.current().isPresent(), "info needs Linux");

        int rc = run("info", "--sysfs-root", sysfs.toString(), "--calls", "2000", "--rounds", "1");

        assertThat(rc).as(err.toString()).isZero();
        assertThat(out.toString()).contains("kernel", "possible CPUs", "isolated CPUs          3",
                "hotpluggable CPUs      1-3", "allowed CPUs", "root", "sysfs writable", "netlink uevents",
                "fault injection        yes on 1", "currentCpu path", "jna ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMissingSysfsRootIsOneLineOnStderr() {
        assumeTrue(LinuxArch.current().isPresent(), "info needs Linux");

        int rc = run("info", "--sysfs-root", sysfs.resolve("nope").toString());

        assertThat(rc).isEqualTo(ExitCodes.REFUSED);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEqualTo("hotplugwq info: no CPU sysfs directory at " + sysfs.resolve("nope")
                + System.lineSeparator());
    }

    @Test
    void anUnreadableTreeIsOneLineOnStderr() throws IOException {
        assumeTrue(LinuxArch.current().isPresent(), "info needs Linux");
        Files.delete(sysfs.resolve("possible"));

        int rc = run("info", "--sysfs-root", sysfs.toString());

        assertThat(rc).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("hotplugwq info: cannot read " + sysfs.resolve("possible"));
    }

    @Test
    void aBadOptionIsOneLineOnStderrWithExitCode2() {
        int rc = run("info", "--calls", "many");

        assertThat(rc).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("hotplugwq info: Invalid value for option '--calls'");
    }
}
