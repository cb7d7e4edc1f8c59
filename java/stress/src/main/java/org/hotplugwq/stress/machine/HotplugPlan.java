package org.hotplugwq.stress.machine;

import java.util.List;
import org.hotplugwq.stress.DurationParser;
import org.hotplugwq.stress.StressOptions;

/** {@code --dry-run}: the seeded hotplug plan, printed, nothing written. */
public final class HotplugPlan {
    private static final int SHOWN = 40;
    private static final long ASSUMED_OP_NANOS = 20_000_000; // ~ a real offline/online here

    private HotplugPlan() {
    }

    public static String render(StressMachine machine, org.hotplugwq.cpu.CpuSet eligible, StressOptions options) {
        List<String> lines = HotplugSchedule.plan(eligible, machine.onlineCpus(), options,
                machine.info().simulated() ? 1_000_000 : ASSUMED_OP_NANOS, machine.canInjectFailures());
        StringBuilder b = new StringBuilder();
        b.append("dry run: nothing will be written. Plan for ").append(DurationParser.format(options.duration()))
                .append(" with seed ").append(options.seed()).append(" on cpu ").append(eligible).append(" (")
                .append(lines.size()).append(" operations if each takes ~")
                .append(machine.info().simulated() ? "1" : "20").append(" ms):\n");
        lines.stream().limit(SHOWN).forEach(l -> b.append(l).append('\n'));
        if (lines.size() > SHOWN) {
            b.append("  ... ").append(lines.size() - SHOWN).append(" more\n");
        }
        return b.toString();
    }
}
