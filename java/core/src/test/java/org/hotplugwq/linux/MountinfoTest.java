package org.hotplugwq.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The writability probe reads the mount that really holds a path: a read-only bind of the CPU tree alone. */
class MountinfoTest {
    private static final String MOUNTS = String.join("\n",
            "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            "23 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw",
            "99 23 0:22 /devices/system/cpu /sys/devices/system/cpu ro,relatime - sysfs sysfs rw",
            "100 22 0:30 / /mnt/with\\040space ro - tmpfs tmpfs rw");

    @Test
    void aReadOnlyBindOfTheCpuTreeIsSeenThoughSysIsReadWrite() {
        assertThat(LinuxProbes.readOnlyMountOf(MOUNTS, "/sys/devices/system/cpu")).isEqualTo("/sys/devices/system/cpu");
        assertThat(LinuxProbes.readOnlyMountOf(MOUNTS, "/sys/devices/system/cpu/cpu1/online"))
                .isEqualTo("/sys/devices/system/cpu");
        assertThat(LinuxProbes.readOnlyMountOf(MOUNTS, "/sys/devices/system")).isEmpty();
        assertThat(LinuxProbes.readOnlyMountOf(MOUNTS, "/sys/devices/system/cpufreq")).isEmpty();
        assertThat(LinuxProbes.readOnlyMountOf(MOUNTS, "/mnt/with space/x")).isEqualTo("/mnt/with space");
    }

    @Test
    void theLastOfStackedMountsIsTheOneSeen() {
        String stacked = MOUNTS + "\n101 99 0:22 /devices/system/cpu /sys/devices/system/cpu rw - sysfs sysfs rw";
        assertThat(LinuxProbes.readOnlyMountOf(stacked, "/sys/devices/system/cpu")).isEmpty();
    }
}
