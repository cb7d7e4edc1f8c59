package org.hotplugwq.cli;

import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.TransitionResult;
import picocli.CommandLine.Command;

@Command(name = "online",
        description = "Bring CPUs online (CPU_UP_PREPARE, write 1, CPU_ONLINE) and forget them in the state file.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or already online)",
            "1:the kernel refused, or a refusal came after some CPU had changed", "2:refused, nothing changed"})
final class OnlineCommand extends TransitionCommand {
    OnlineCommand() {
        super(true);
    }

    @Override
    String plan(HotplugEnvironment.Session s, int cpu) {
        return "CPU_UP_PREPARE, write 1 to " + s.tree.onlineFile(cpu) + ", CPU_ONLINE";
    }

    @Override
    TransitionResult transition(HotplugController controller, int cpu) throws HotplugRefusedException {
        return controller.online(cpu);
    }
}
