package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.SysfsCpuTree;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real machine's mechanics without root: direct writes to a fake {@code cpuN/online} in a temp dir, seen by
 * the sysfs poller, delivered by the bridge; injected failures through the controller; the state file; the
 * restore. (The fake kernel accepts every write, so an injected failure "succeeds anyway".)
 */
class RealMachineOnFakeTreeTest {
    @TempDir
    Path dir;

    private void write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text + "\n");
    }

    @Test
    void directWritesSeenByThePollerDriveTheSystemsAndEveryCpuComesBack() throws Exception {
        Path root = dir.resolve("cpu");
        for (String list : List.of("possible", "present", "online")) {
            write(root, list, "0-3");
        }
        write(root, "kernel_max", "7");
        write(root, "hotplug/states", "  0: offline\n 36: workqueue:prepare\n187: workqueue:online\n236: online");
        for (int cpu = 0; cpu < 4; cpu++) {
            write(root, "cpu" + cpu + "/hotplug/fail", "-1");
            if (cpu > 0) {
                write(root, "cpu" + cpu + "/online", "1");
            }
        }
        SysfsCpuTree tree = new SysfsCpuTree(root);
        Path stateFile = dir.resolve("offlined");
        StressOptions options = StressOptions.builder()
                .duration(Duration.ofMillis(1500))
                .policies(List.of(HotplugPolicy.DRAIN, HotplugPolicy.REBIND))
                .interval(Duration.ofMillis(2), Duration.ofMillis(6))
                .source("poll:1ms")
                .workqueues(1)
                .workTime(Duration.ofNanos(5_000))
                .injectFailures(0.1)
                .outDir(dir.resolve("out"))
                .build();

        StressOutcome o;
        try (StressMachine machine = RealStressMachine.onTree(tree, new SimulatedCpuPlatform(4, 9), stateFile,
                options.source(), options.pollInterval())) {
            assertThat(machine.hotpluggableCpus()).isEqualTo(CpuSet.of(1, 2, 3));
            o = new StressRunner(machine, options, StressHooks.NONE, null, false, 0).run();
        }

        StressReport r = o.report();
        assertThat(r.failures()).isEmpty();
        assertThat(r.cpusRestored()).isTrue();
        StressReport.PolicyReport drain = r.policies().get("drain");
        assertThat(drain.hotplug().offline().successes()).isGreaterThan(5);
        assertThat(drain.hotplug().injected().count()).isPositive();
        assertThat(drain.detectionLatencyUs().count()).isGreaterThan(5);
        assertThat(drain.works().lost()).isZero();
        for (int cpu = 1; cpu < 4; cpu++) {
            assertThat(tree.readCpuOnline(cpu)).isEqualTo(SysfsCpuTree.OnlineFile.ONLINE);
        }
        assertThat(new OfflinedCpuRegistry(stateFile).entries()).isEmpty();
    }
}
