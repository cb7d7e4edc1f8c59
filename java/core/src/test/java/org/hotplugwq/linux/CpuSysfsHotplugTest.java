package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.hotplugwq.cpu.CpuSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsCpuTreeTest {
    @TempDir
    Path dir;

    @Test
    void readsListsAndPerCpuStates() {
        FakeCpuTree fake = new FakeCpuTree(dir, 4).set(2, false);
        SysfsCpuTree tree = fake.tree;
        assertThat(tree.onlineCpus()).isEqualTo(CpuSet.parse("0-1,3"));
        assertThat(tree.presentCpus()).isEqualTo(CpuSet.first(4));
        assertThat(tree.kernelMax()).hasValue(7);
        assertThat(tree.readCpuOnline(0)).isEqualTo(SysfsCpuTree.OnlineFile.ABSENT);
        assertThat(tree.readCpuOnline(0).isOnline()).isTrue();
        assertThat(tree.readCpuOnline(1)).isEqualTo(SysfsCpuTree.OnlineFile.ONLINE);
        assertThat(tree.readCpuOnline(2)).isEqualTo(SysfsCpuTree.OnlineFile.OFFLINE);
        assertThat(tree.isHotpluggable(0)).isFalse();
        assertThat(tree.isHotpluggable(1)).isTrue();
    }

    @Test
    void malformedAndMissingFilesAreReportedNotThrown() {
        FakeCpuTree fake = new FakeCpuTree(dir, 3).write("cpu1/online", "banana").write("online", "0-x");
        SysfsCpuTree tree = fake.tree;
        assertThat(tree.readCpuOnline(1)).isEqualTo(SysfsCpuTree.OnlineFile.MALFORMED);
        assertThat(tree.readCpuOnline(9)).isEqualTo(SysfsCpuTree.OnlineFile.MALFORMED); // no cpu9 directory
        assertThat(tree.tryReadList("online")).isEmpty();
        assertThat(tree.tryReadList("nonexistent")).isEmpty();
        assertThatThrownBy(() -> tree.readList("online")).isInstanceOf(IllegalArgumentException.class);
        fake.delete("kernel_max");
        assertThat(tree.kernelMax()).isEmpty();
    }

    @Test
    void parsesHotplugStatesAndWritesFiles() throws Exception {
        FakeCpuTree fake = new FakeCpuTree(dir, 2);
        SysfsCpuTree tree = fake.tree;
        assertThat(tree.hotplugStates()).extracting(HotplugState::name)
                .containsExactly("offline", "workqueue:prepare", "workqueue:online", "online");
        assertThat(tree.hotplugStateNumber("workqueue:online")).hasValue(187);
        tree.writeFail(1, 36);
        assertThat(tree.readFail(1)).hasValue(36);
        tree.writeCpuOnline(1, false);
        assertThat(fake.read("cpu1/online")).isEqualTo("0");
    }

    @Test
    void writeErrorsCarryTheErrno() {
        FakeCpuTree fake = new FakeCpuTree(dir, 2);
        assertThatThrownBy(() -> fake.tree.writeCpuOnline(5, true))
                .isInstanceOfSatisfying(SysfsWriteException.class, e -> assertThat(e.errno()).isEqualTo(Libc.ENOENT));
    }

    @Test
    void parsesKernelUevents() {
        byte[] msg = "offline@/devices/system/cpu/cpu1\0ACTION=offline\0DEVPATH=/devices/system/cpu/cpu1\0SUBSYSTEM=cpu\0SEQNUM=42\0"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        UeventMessage m = UeventMessage.parse(msg, msg.length);
        assertThat(m.cpu()).hasValue(1);
        assertThat(m.cpuOnline()).contains(false);
        byte[] other = "add@/devices/system/cpu/cpu1/cache\0ACTION=add\0DEVPATH=/devices/system/cpu/cpu1/cache\0"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(UeventMessage.parse(other, other.length).cpuOnline()).isEmpty();
        byte[] online = "ACTION=online\0DEVPATH=/devices/system/cpu/cpu12".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(UeventMessage.parse(online, online.length).cpuOnline()).contains(true);
        assertThat(UeventMessage.parse(online, online.length).cpu()).hasValue(12);
    }
}
