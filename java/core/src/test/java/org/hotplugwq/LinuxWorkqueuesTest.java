package org.hotplugwq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.hotplug.EventSourceKind;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.testkit.FakeSysfs;
import org.hotplugwq.workqueue.Work;
import org.hotplugwq.workqueue.Workqueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one entry point, on a fake CPU tree and a simulated platform: wiring order, hotplug, pinning, close. */
class LinuxWorkqueuesTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private LinuxWorkqueues open(FakeSysfs tree, SimulatedCpuPlatform platform) {
        return LinuxWorkqueues.builder().sysfs(new CpuSysfs(tree.root())).platform(platform)
                .eventSource(EventSourceKind.POLL).stateFile(dir.resolve("state")).open();
    }

    /** Takes cpu out or brings it back as the kernel would: the platform's view, then what sysfs shows. */
    private static void hotplug(SimulatedCpuPlatform platform, FakeSysfs tree, int cpu, boolean up) {
        platform.setOnline(cpu, up);
        tree.setOnline(cpu, up);
    }

    @Test
    void closeLeavesNoThreadBehind() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 1);
        FakeSysfs tree = FakeSysfs.machine(dir.resolve("cpu"), 2);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        try (LinuxWorkqueues wqs = open(tree, platform)) {
            Workqueue wq = wqs.createWorkqueue("mine");
            wqs.createSinglethreadWorkqueue("single"); // left for close() to destroy
            hotplug(platform, tree, 1, false);
            await().atMost(LIMIT).until(() -> wqs.system().onlineCpus().equals(CpuSet.of(0)));
            hotplug(platform, tree, 1, true);
            await().atMost(LIMIT).until(() -> wqs.system().onlineCpus().equals(CpuSet.first(2)));
            wq.queueOn(1, new Work(w -> ran.add(1)));
            wq.flush();
            assertThat(ran).containsExactly(1);
        }
        Set<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).collect(Collectors.toSet());
        assertThat(left).as("threads started by the handle and still alive after close()").isEmpty();
    }

    @Test
    void aCpuThatChangedBeforeTheSourceStartedIsDelivered() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 2);
        FakeSysfs tree = FakeSysfs.machine(dir.resolve("cpu"), 2);
        tree.setOnline(1, false); // the system's snapshot (the platform) still says 0-1
        try (LinuxWorkqueues wqs = open(tree, platform)) {
            await().atMost(LIMIT).until(() -> wqs.system().onlineCpus().equals(CpuSet.of(0)));
            assertThat(wqs.onlineCpus()).isEqualTo(CpuSet.of(0));
        }
    }

    @Test
    void aPinnedThreadIsPinnedAgainWhenItsCpuReturns() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 3);
        FakeSysfs tree = FakeSysfs.machine(dir.resolve("cpu"), 2);
        try (LinuxWorkqueues wqs = open(tree, platform); PinnedThread pin = wqs.pinCurrentThread(1)) {
            int tid = pin.threadId();
            assertThat(platform.threadAffinity(tid)).isEqualTo(CpuSet.of(1));
            hotplug(platform, tree, 1, false);
            await().atMost(LIMIT).until(() -> wqs.onlineCpus().equals(CpuSet.of(0)));
            assertThat(platform.threadAffinity(tid).contains(0)).as("widened by the offline").isTrue();
            hotplug(platform, tree, 1, true);
            await().atMost(LIMIT).until(() -> pin.pins() == 2);
            assertThat(platform.threadAffinity(tid)).isEqualTo(CpuSet.of(1));
            pin.close();
            assertThat(platform.threadAffinity(tid)).isEqualTo(platform.allowedCpus());
        }
    }
}
