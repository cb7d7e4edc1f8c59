package org.hotplugwq.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hotplugwq.hotplug.FailStates;
import org.hotplugwq.linux.HotplugState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "fail-states",
        description = {"Find which hotplug/fail states make an online or an offline fail on this kernel.",
            "Tries each state of hotplug/states on a CPU (two real transitions per state; a few seconds).",
            "The CPU is online and hotplug/fail is -1 afterwards."})
final class FailStatesCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Mixin
    CpuOption cpu = new CpuOption("1");

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        try (HotplugEnvironment.Session s = env.session()) {
            FailStates f = s.controller.probeFailStates(cpu.resolve(s.tree));
            if (json.enabled()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cpu", f.cpu());
                m.put("failOnline", names(f.failOnline()));
                m.put("failOffline", names(f.failOffline()));
                JsonOutput.print(env.out(), m);
            } else {
                env.out().println("states that fail an online of cpu" + f.cpu() + " (CPU_UP_CANCELED): "
                        + String.join(" ", names(f.failOnline())));
                env.out().println("states that fail an offline of cpu" + f.cpu() + " (CPU_DOWN_FAILED): "
                        + String.join(" ", names(f.failOffline())));
            }
            return ExitCodes.OK;
        }
    }

    private static List<String> names(List<HotplugState> states) {
        return states.stream().map(HotplugState::toString).collect(Collectors.toList());
    }
}
