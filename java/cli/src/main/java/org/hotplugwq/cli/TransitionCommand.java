package org.hotplugwq.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.hotplug.HotplugController;
import org.hotplugwq.hotplug.HotplugRefusedException;
import org.hotplugwq.hotplug.TransitionResult;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The body of {@code offline} and {@code online}, which differ only in direction: parse the CPUs, refuse before
 * changing anything, then print the plan ({@code --dry-run}) or make each transition and report it.
 */
abstract class TransitionCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Parameters(arity = "1..*", paramLabel = "CPU", description = "CPU numbers: 1, cpu1, 1-3")
    List<String> cpus;

    @Option(names = "--dry-run", description = "print the plan, write nothing")
    boolean dryRun;

    private final boolean up;

    TransitionCommand(boolean up) {
        this.up = up;
    }

    /** What the transition of {@code cpu} would do, for {@code --dry-run}. */
    abstract String plan(HotplugEnvironment.Session s, int cpu);

    abstract TransitionResult transition(HotplugController controller, int cpu) throws HotplugRefusedException;

    @Override
    public Integer call() throws HotplugRefusedException {
        String name = up ? "online" : "offline";
        try (HotplugEnvironment.Session s = env.session()) {
            CpuSet set = CpuArguments.parse(cpus);
            s.controller.check(set, up, !dryRun);
            if (dryRun) {
                set.forEach(cpu -> env.out().println("would " + name + " cpu" + cpu + ": " + plan(s, cpu)
                        + (s.tree.readCpuOnline(cpu).isOnline() == up ? " (already " + name + ": nothing)" : "")));
                return ExitCodes.OK;
            }
            int status = ExitCodes.OK;
            CpuSet done = CpuSet.EMPTY;      // changed by this command
            CpuSet attempted = CpuSet.EMPTY;
            for (int cpu : set.toArray()) {
                TransitionResult r;
                try {
                    r = transition(s.controller, cpu);
                } catch (HotplugRefusedException e) {
                    if (done.isEmpty()) {
                        throw e; // refused before anything changed
                    }
                    // something changed already: not "refused, nothing changed"
                    throw new CommandFailed(e.getMessage() + "; done before the refusal: cpu " + done
                            + "; not done: cpu " + set.minus(attempted));
                }
                attempted = attempted.with(cpu);
                env.out().println(Reports.describe(r));
                if (r.changed()) {
                    done = done.with(cpu);
                }
                if (r.outcome() == TransitionResult.Outcome.KERNEL_REFUSED
                        || r.outcome() == TransitionResult.Outcome.VETOED) {
                    status = ExitCodes.FAILED;
                }
            }
            return status;
        }
    }
}
