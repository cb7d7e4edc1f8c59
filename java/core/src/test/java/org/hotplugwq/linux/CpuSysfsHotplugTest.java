package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hotplug side of the sysfs reader/writer pair: tolerant per-CPU reads, hotplug states, writes with errno. */
class CpuSysfsHotplugTest {
    @TempDir
    Path dir;

    @Test
    void readsListsAndPerCpuStates() {
        CpuSysfs sysfs = FakeSysfs.machine(dir, 4).setOnline(2, false).reader();
        assertThat(sysfs.online()).isEqualTo(CpuSet.parse("0-1,3"));
        assertThat(sysfs.present()).isEqualTo(CpuSet.first(4));
        assertThat(sysfs.kernelMax()).hasValue(7);
        assertThat(sysfs.readCpuOnline(0)).isEqualTo(CpuSysfs.OnlineFile.ABSENT);
        assertThat(sysfs.readCpuOnline(0).isOnline()).isTrue();
        assertThat(sysfs.readCpuOnline(1)).isEqualTo(CpuSysfs.OnlineFile.ONLINE);
        assertThat(sysfs.readCpuOnline(2)).isEqualTo(CpuSysfs.OnlineFile.OFFLINE);
        assertThat(sysfs.hasOnlineFile(0)).isFalse();
        assertThat(sysfs.hasOnlineFile(1)).isTrue();
    }

    @Test
    void malformedAndMissingFilesAreReportedNotThrown() {
        FakeSysfs fake = FakeSysfs.machine(dir, 3).write("cpu1/online", "banana").write("online", "0-x");
        CpuSysfs sysfs = fake.reader();
        assertThat(sysfs.readCpuOnline(1)).isEqualTo(CpuSysfs.OnlineFile.MALFORMED);
        assertThat(sysfs.readCpuOnline(9)).isEqualTo(CpuSysfs.OnlineFile.MALFORMED); // no cpu9 directory
        assertThat(sysfs.tryReadList("online")).isEmpty();
        assertThat(sysfs.tryReadList("nonexistent")).isEmpty();
        assertThatThrownBy(() -> sysfs.readList("online")).isInstanceOf(IllegalArgumentException.class);
        fake.delete("kernel_max");
        assertThat(sysfs.kernelMax()).isEmpty();
    }

    @Test
    void parsesHotplugStatesAndWritesFiles() throws Exception {
        FakeSysfs fake = FakeSysfs.machine(dir, 2);
        CpuSysfs sysfs = fake.reader();
        CpuSysfsWriter writer = new CpuSysfsWriter(sysfs);
        assertThat(sysfs.hotplugStates()).extracting(HotplugState::name)
                .containsExactly("offline", "workqueue:prepare", "workqueue:online", "online");
        assertThat(sysfs.hotplugStateNumber("workqueue:online")).hasValue(187);
        writer.writeHotplugFail(1, 36);
        assertThat(sysfs.readHotplugFail(1)).hasValue(36);
        writer.writeCpuOnline(1, false);
        assertThat(fake.read("cpu1/online")).isEqualTo("0");
    }

    @Test
    void writeErrorsCarryTheErrno() {
        CpuSysfsWriter writer = FakeSysfs.machine(dir, 2).writer();
        assertThatThrownBy(() -> writer.writeCpuOnline(5, true))
                .isInstanceOfSatisfying(SysfsWriteException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("No such file or directory");
    }
}
