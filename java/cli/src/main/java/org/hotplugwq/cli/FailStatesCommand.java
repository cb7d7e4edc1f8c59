package org.hotplugwq.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.hotplugwq.hotplug.FailStates;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.linux.HotplugState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fail-states", mixinStandardHelpOptions = true,
        description = {"Find which hotplug/fail states make an online or an offline fail on this kernel.",
            "Tries each state of hotplug/states on a CPU (two real transitions per state; a few seconds).",
            "The CPU is online and hotplug/fail is -1 afterwards."})
final class FailStatesCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Option(names = "--cpu", defaultValue = "1", description = "CPU to probe. Default: ${DEFAULT-VALUE}")
    String cpu;

    @Option(names = "--json", description = "JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (HotplugEnvironment.Session s = env.session()) {
            FailStates f = s.controller.probeFailStates(HotplugController.parseCpuId(cpu));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("cpu", f.cpu());
                m.put("fail_online", f.failOnline().stream().map(HotplugState::toString).collect(Collectors.toList()));
                m.put("fail_offline", f.failOffline().stream().map(HotplugState::toString).collect(Collectors.toList()));
                env.out().println(new ObjectMapper().writeValueAsString(m));
            } else {
                env.out().println("states that fail an online of cpu" + f.cpu() + " (CPU_UP_CANCELED): "
                        + f.failOnline().stream().map(HotplugState::toString).collect(Collectors.joining(" ")));
                env.out().println("states that fail an offline of cpu" + f.cpu() + " (CPU_DOWN_FAILED): "
                        + f.failOffline().stream().map(HotplugState::toString).collect(Collectors.joining(" ")));
            }
            return ExitCodes.OK;
        } catch (HotplugRefusedException e) {
            env.err().println("hotplugwq fail-states: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
    }
}
