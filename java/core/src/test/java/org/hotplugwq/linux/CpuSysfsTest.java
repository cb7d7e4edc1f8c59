package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuSysfsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTopologyListsOfAFakeTree() {
        FakeSysfs fs = FakeSysfs.machine(dir, 8).write("possible", "0-15").setOnline(3, false)
                .setOnline(5, false).write("isolated", "6-7");
        CpuSysfs sysfs = fs.reader();

        assertThat(sysfs.root()).isEqualTo(dir);
        assertThat(sysfs.possible()).isEqualTo(CpuSet.range(0, 15));
        assertThat(sysfs.present()).isEqualTo(CpuSet.range(0, 7));
        assertThat(sysfs.online()).isEqualTo(CpuSet.parse("0-2,4,6-7"));
        assertThat(sysfs.offline().toString()).isEqualTo("3,5,8-15");
        assertThat(sysfs.isolated()).isEqualTo(CpuSet.of(6, 7));
    }

    @Test
    void theHotpluggableCpusAreThoseWithAnOnlineFile() {
        CpuSysfs sysfs = FakeSysfs.machine(dir, 4).delete("cpu2/hotplug/fail").reader();

        assertThat(sysfs.cpuDirectories()).isEqualTo(CpuSet.range(0, 3));
        assertThat(sysfs.hotpluggable()).isEqualTo(CpuSet.of(1, 2, 3));
        assertThat(sysfs.faultInjectable()).isEqualTo(CpuSet.of(1, 3));
    }

    @Test
    void perCpuOnlineStateFallsBackToTheListForCpusWithoutASwitch() {
        CpuSysfs sysfs = FakeSysfs.machine(dir, 4).setOnline(2, false).reader();

        assertThat(sysfs.isOnline(0)).isTrue();
        assertThat(sysfs.isOnline(1)).isTrue();
        assertThat(sysfs.isOnline(2)).isFalse();
        assertThat(sysfs.onlineFile(2)).isEqualTo(dir.resolve("cpu2/online"));
        assertThat(sysfs.hotplugFailFile(2)).isEqualTo(dir.resolve("cpu2/hotplug/fail"));
    }

    @Test
    void optionalListsReadEmptyWhenAbsent() {
        CpuSysfs sysfs = FakeSysfs.machine(dir, 2).delete("isolated").delete("offline").reader();

        assertThat(sysfs.isolated()).isEqualTo(CpuSet.EMPTY);
        assertThat(sysfs.offline()).isEqualTo(CpuSet.EMPTY);
    }

    @Test
    void aMissingRequiredListNamesTheFile() {
        CpuSysfs sysfs = FakeSysfs.machine(dir, 2).delete("possible").reader();

        assertThatThrownBy(sysfs::possible).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(dir.resolve("possible").toString());
    }

    @Test
    void aMalformedListNamesTheFile() {
        CpuSysfs sysfs = FakeSysfs.machine(dir, 2).write("online", "0-x").reader();

        assertThatThrownBy(sysfs::online).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("online").toString())
                .hasMessageContaining("0-x");
    }

    @Test
    void theRealTreeIsConsistent() {
        LinuxAssumptions.assumeLinux();
        CpuSysfs sysfs = CpuSysfs.system();

        CpuSet possible = sysfs.possible();
        assertThat(possible.isEmpty()).isFalse();
        assertThat(possible.containsAll(sysfs.present())).isTrue();
        assertThat(sysfs.present().containsAll(sysfs.online())).isTrue();
        assertThat(possible.containsAll(sysfs.offline())).isTrue(); // online ∩ offline could race a hotplug
        assertThat(sysfs.cpuDirectories().containsAll(sysfs.hotpluggable())).isTrue();
        assertThat(sysfs.hotpluggable().containsAll(sysfs.faultInjectable())).isTrue();
    }

    @Test
    void aMissingRootIsReportedOnce() {
        CpuSysfs sysfs = new CpuSysfs(dir.resolve("nope"));

        assertThatThrownBy(sysfs::hotpluggable).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("nope");
    }
}
