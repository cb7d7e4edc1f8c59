package org.hotplugwq.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.hotplugwq.hotplug.MachineRestorer;
import org.hotplugwq.hotplug.OfflinedCpuRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "restore",
        description = {"Bring back online every CPU this tool offlined (and only those).",
            "Temporary or deliberate; clears hotplug/fail on them. Never touches a CPU it did not offline",
            "(scripts/restore-cpus, by contrast, brings back every offline CPU)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (or nothing to do)", "1:some CPU could not be brought back (kept on record)"})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    HotplugEnvironment env;

    @Option(names = "--dry-run", description = "list what would be brought back, write nothing")
    boolean dryRun;

    @Override
    public Integer call() {
        OfflinedCpuRegistry registry = env.registry();
        if (dryRun) {
            List<OfflinedCpuRegistry.Entry> entries = registry.entries();
            if (entries.isEmpty()) {
                env.out().println("nothing to restore (" + registry.file() + " lists no CPU)");
            }
            entries.forEach(e -> env.out().println("would bring back cpu" + e.cpu() + " (" + e.kind().name()
                    .toLowerCase(java.util.Locale.ROOT) + ", offlined by pid " + e.ownerPid()
                    + (e.ownerAlive() ? ", running" : ", gone") + ")"));
            return ExitCodes.OK;
        }
        List<MachineRestorer.Restored> done = new MachineRestorer(env.tree(), registry).restoreAll();
        if (done.isEmpty()) {
            env.out().println("nothing to restore (" + registry.file() + " lists no CPU)");
        }
        done.forEach(r -> (r.ok() ? env.out() : env.err()).println(r));
        return done.stream().allMatch(MachineRestorer.Restored::ok) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
