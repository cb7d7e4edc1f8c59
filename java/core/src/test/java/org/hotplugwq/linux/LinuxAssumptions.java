package org.hotplugwq.linux;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.hotplugwq.cpu.CpuSet;

/** Skips, with the reason stated, tests that need the real Linux machine. */
final class LinuxAssumptions {
    private LinuxAssumptions() {
    }

    static void assumeLinux() {
        assumeTrue(LinuxArch.current().isPresent(), () -> "needs Linux on x86-64 or aarch64, this is "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
    }

    /** The allowed CPUs that are online now, when there are at least two of them. */
    static CpuSet assumeTwoUsableCpus(LinuxCpuPlatform platform) {
        CpuSet usable = platform.allowedCpus().intersect(platform.onlineCpus());
        assumeTrue(usable.cardinality() >= 2, () -> "needs >= 2 allowed online CPUs, this process has " + usable
                + " (allowed " + platform.allowedCpus() + ", online " + platform.onlineCpus() + ")");
        return usable;
    }
}
