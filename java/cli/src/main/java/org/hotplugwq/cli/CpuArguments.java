package org.hotplugwq.cli;

import java.util.List;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugRefusedException;

/** CPU arguments as typed: {@code 1}, {@code cpu1} or a list {@code 1-3,5}. */
final class CpuArguments {
    private CpuArguments() {
    }

    static CpuSet parse(List<String> args) throws HotplugRefusedException {
        CpuSet.Builder b = CpuSet.builder();
        for (String arg : args) {
            for (String part : arg.split(",", -1)) {
                int dash = part.indexOf('-', 1);
                if (dash > 0) {
                    int lo = HotplugController.parseCpuId(part.substring(0, dash));
                    int hi = HotplugController.parseCpuId(part.substring(dash + 1));
                    if (hi < lo) {
                        throw new HotplugRefusedException(HotplugRefusedException.Reason.MALFORMED_ID,
                                "\"" + part + "\": descending CPU range");
                    }
                    b.addRange(lo, hi);
                } else {
                    b.add(HotplugController.parseCpuId(part));
                }
            }
        }
        return b.build();
    }
}
