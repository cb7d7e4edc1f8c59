package org.hotplugwq.cli;

import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.TransitionResult;
import picocli.CommandLine.Command;

@Command(name = "offline",
        description = {"Take CPUs offline (CPU_DOWN_PREPARE, write 0, CPU_DEAD).",
            "They are recorded as offlined deliberately and stay offline until `online` or `restore`."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or already offline)",
            "1:the kernel refused, or a refusal came after some CPU had changed", "2:refused, nothing changed"})
final class OfflineCommand extends TransitionCommand {
    OfflineCommand() {
        super(false);
    }

    @Override
    String plan(HotplugEnvironment.Session s, int cpu) {
        return "CPU_DOWN_PREPARE, record in " + s.controller.registry().file() + ", write 0 to "
                + s.tree.onlineFile(cpu) + ", CPU_DEAD";
    }

    @Override
    TransitionResult transition(HotplugController controller, int cpu) throws HotplugRefusedException {
        return controller.offline(cpu, OfflinedCpuRegistry.Kind.DELIBERATE);
    }
}
