package org.hotplugwq.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import org.hotplugwq.hotplug.TransitionResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "offline", mixinStandardHelpOptions = true,
        description = {"Take CPUs offline (CPU_DOWN_PREPARE, write 0, CPU_DEAD).",
            "They are recorded as offlined deliberately and stay offline until `online` or `restore`."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or already offline)", "1:the kernel refused", "2:refused, nothing changed"})
final class OfflineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Mixin
    HotplugEnvironment env;

    @Parameters(arity = "1..*", paramLabel = "CPU", description = "CPU numbers: 1, cpu1, 1-3")
    List<String> cpus;

    @Option(names = "--dry-run", description = "print the plan, write nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        try (HotplugEnvironment.Session s = env.session()) {
            CpuSet set = CpuArguments.parse(cpus);
            s.controller.check(set, false, !dryRun);
            if (dryRun) {
                set.forEach(cpu -> out().println("would offline cpu" + cpu + ": CPU_DOWN_PREPARE, record in "
                        + s.controller.registry().file() + ", write 0 to " + s.tree.onlineFile(cpu) + ", CPU_DEAD"
                        + (s.tree.readCpuOnline(cpu).isOnline() ? "" : " (already offline: nothing)")));
                return ExitCodes.OK;
            }
            int status = ExitCodes.OK;
            for (int cpu : set.toArray()) {
                TransitionResult r = s.controller.offline(cpu, OfflinedCpuRegistry.Kind.DELIBERATE);
                out().println(Reports.describe(r));
                if (r.outcome() == TransitionResult.Outcome.KERNEL_REFUSED
                        || r.outcome() == TransitionResult.Outcome.VETOED) {
                    status = ExitCodes.FAILED;
                }
            }
            return status;
        } catch (HotplugRefusedException e) {
            err().println("hotplugwq offline: " + e.getMessage());
            return ExitCodes.REFUSED;
        }
    }
}
