package org.hotplugwq.cli;

import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.HotplugRefusedException;

/** CPU arguments as typed: {@code 1}, {@code cpu1} or a list {@code 1-3,5}, each read by {@link CpuSet#parse}. */
final class CpuArguments {
    private CpuArguments() {
    }

    static CpuSet parse(List<String> args) throws HotplugRefusedException {
        CpuSet all = CpuSet.EMPTY;
        for (String arg : args) {
            CpuSet one;
            try {
                one = CpuSet.parse(arg);
            } catch (IllegalArgumentException e) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.MALFORMED_ID, e.getMessage());
            }
            if (one.isEmpty()) {
                throw new HotplugRefusedException(HotplugRefusedException.Reason.MALFORMED_ID,
                        "\"" + arg + "\": not a CPU number");
            }
            all = all.union(one);
        }
        return all;
    }
}
