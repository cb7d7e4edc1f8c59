package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.UeventUnavailableException;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsPollerTest {
    @TempDir
    Path dir;
    HotplugBridge bridge;
    final RecordingListener events = new RecordingListener();

    private FakeSysfs fake(int cpus) {
        FakeSysfs fake = FakeSysfs.machine(dir, cpus);
        bridge = HotplugBridge.forTree(fake.reader());
        bridge.addListener(events);
        return fake;
    }

    private SysfsPoller poller(FakeSysfs fake, SysfsPoller.Mode mode) {
        return new SysfsPoller(fake.reader(), bridge, Duration.ofMillis(1), mode);
    }

    private void tick(SysfsPoller poller) {
        poller.tick();
        bridge.flush();
    }

    @AfterEach
    void closeBridge() {
        bridge.close();
    }

    @Test
    void perCpuModeTurnsTransitionsIntoActions() {
        FakeSysfs fake = fake(4);
        SysfsPoller poller = poller(fake, SysfsPoller.Mode.PER_CPU);
        tick(poller);
        assertThat(events.actions()).isEmpty();

        fake.setOnline(2, false);
        tick(poller);
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DEAD cpu2 poll");
        assertThat(bridge.knownOnline()).isEqualTo(CpuSet.parse("0-1,3"));

        fake.setOnline(2, true);
        tick(poller);
        tick(poller);
        assertThat(events.actions()).containsExactly("CPU_DEAD cpu2", "CPU_UP_PREPARE cpu2", "CPU_ONLINE cpu2");
        assertThat(bridge.knownOnline()).isEqualTo(CpuSet.first(4));
    }

    @Test
    void cpuWithoutOnlineFileIsAlwaysOnline() {
        FakeSysfs fake = fake(2);
        fake.write("online", "1"); // even a list that leaves it out does not matter to per-CPU mode
        SysfsPoller poller = poller(fake, SysfsPoller.Mode.PER_CPU);
        tick(poller);
        assertThat(events.actions()).isEmpty();
        assertThat(bridge.knownOnline()).isEqualTo(CpuSet.of(0, 1));
    }

    @Test
    void malformedOrMissingFilesKeepTheLastKnownState() {
        FakeSysfs fake = fake(3);
        SysfsPoller poller = poller(fake, SysfsPoller.Mode.PER_CPU);
        fake.write("cpu1/online", "banana");
        fake.delete("cpu2/online").delete("cpu2/hotplug/fail");
        tick(poller);
        assertThat(events.actions()).as("garbage keeps cpu1 online, a vanished file means always online")
                .isEmpty();
        fake.delete("present");
        fake.write("cpu1/online", "0");
        tick(poller);
        assertThat(events.actions()).as("the last good present list is still used").containsExactly("CPU_DEAD cpu1");
    }

    @Test
    void aggregateModeReadsTheListThenConfirmsWithTheChangedCpuFile() {
        FakeSysfs fake = fake(4);
        SysfsPoller poller = poller(fake, SysfsPoller.Mode.AGGREGATE);
        tick(poller);
        // mid-transition: the kernel has cleared cpu_online_mask but the device is not offline yet
        fake.write("online", "0-2");
        tick(poller);
        assertThat(events.actions()).isEmpty();
        fake.write("cpu3/online", "0");
        tick(poller);
        assertThat(events.actionsWithOrigin()).containsExactly("CPU_DEAD cpu3 poll-aggregate");
        // an unchanged CPU's file is not looked at: garbage there changes nothing
        fake.write("cpu1/online", "garbage");
        tick(poller);
        fake.setOnline(3, true);
        tick(poller);
        assertThat(events.actions()).containsExactly("CPU_DEAD cpu3", "CPU_UP_PREPARE cpu3", "CPU_ONLINE cpu3");
    }

    @Test
    void aggregateModeSkipsTicksWithAnUnreadableList() {
        FakeSysfs fake = fake(2);
        SysfsPoller poller = poller(fake, SysfsPoller.Mode.AGGREGATE);
        tick(poller);
        fake.write("online", "0-");
        fake.write("cpu1/online", "0");
        tick(poller);
        assertThat(events.actions()).isEmpty();
        fake.write("online", "0");
        tick(poller);
        assertThat(events.actions()).containsExactly("CPU_DEAD cpu1");
    }

    @Test
    void withoutANetlinkSocketTheUeventSourceSaysSoAndPolls() {
        FakeSysfs fake = fake(2);
        java.util.List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        HotplugEventSource source = UeventListener.openOrFallBackToPolling(() -> {
            throw new UeventUnavailableException("netlink uevent socket: Address family not supported by protocol",
                    null);
        }, fake.reader(), bridge, Duration.ofSeconds(1), Duration.ofMillis(1), notices::add);
        assertThat(source).isInstanceOf(SysfsPoller.class);
        assertThat(notices).singleElement().asString()
                .contains("Address family not supported").contains("falling back to polling");
        try (source) {
            source.start();
            fake.setOnline(1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.actions().contains("CPU_DEAD cpu1"));
        }
    }

    @Test
    void runningPollerDeliversWithinItsInterval() {
        FakeSysfs fake = fake(2);
        try (SysfsPoller poller = poller(fake, SysfsPoller.Mode.PER_CPU)) {
            poller.start();
            fake.setOnline(1, false);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.actions().contains("CPU_DEAD cpu1"));
            fake.setOnline(1, true);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.actions().contains("CPU_ONLINE cpu1"));
            assertThat(events.actions()).containsExactly("CPU_DEAD cpu1", "CPU_UP_PREPARE cpu1", "CPU_ONLINE cpu1");
            long ticks = poller.ticks();
            await().atMost(Duration.ofSeconds(5)).until(() -> poller.ticks() > ticks + 5);
        }
        bridge.flush();
        assertThat(events.actions()).as("each transition once").hasSize(3);
    }
}
