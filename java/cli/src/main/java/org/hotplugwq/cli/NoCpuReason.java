package org.hotplugwq.cli;

import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.stress.StressOptions;
import org.hotplugwq.stress.StressRunner;
import org.hotplugwq.stress.machine.StressMachine;

/** Why {@code stress} found no CPU it may hotplug, in the words of the refusal. */
final class NoCpuReason {
    private NoCpuReason() {
    }

    static String of(StressMachine machine, StressOptions options) {
        CpuSet all = machine.platform().possibleCpus();
        CpuSet allowed = machine.platform().allowedCpus();
        CpuSet hotpluggable = machine.hotpluggableCpus();
        CpuSet online = machine.onlineCpus();
        CpuSet candidates = hotpluggable.without(StressRunner.BOOT_CPU);
        StringBuilder why = new StringBuilder();
        if (candidates.isEmpty()) {
            CpuSet excluded = all.minus(allowed).without(StressRunner.BOOT_CPU);
            if (!excluded.isEmpty()) {
                why.append("this process's allowed CPUs (").append(show(allowed)).append(") exclude cpu ")
                        .append(excluded).append(" (taskset/cpuset)");
            } else if (hotpluggable.contains(StressRunner.BOOT_CPU)) {
                why.append("only cpu0 is hotpluggable, and cpu0 is hotplugged only when --cpus names it");
            } else {
                why.append("no CPU but the boot CPU has a writable cpuN/online file");
            }
        } else {
            CpuSet down = candidates.minus(online);
            if (!down.isEmpty()) {
                why.append("cpu ").append(down).append(" offline at start (left alone: bring it online first)");
            }
        }
        return why.length() == 0 ? "hotpluggable " + show(hotpluggable) + ", online " + show(online)
                + ", allowed " + show(allowed) : why.toString();
    }

    /** A CPU list, or "none": a refusal never prints an empty list. */
    static String show(CpuSet cpus) {
        return cpus.isEmpty() ? "none" : cpus.toString();
    }
}
