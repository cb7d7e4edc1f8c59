package org.hotplugwq.hotplug;

import java.nio.file.Path;
import org.hotplugwq.linux.CpuSysfs;

/**
 * Child JVM for the "leave the machine as found" tests: offlines a CPU through a {@link HotplugController}
 * ({@code temporary} or {@code deliberate}), prints {@code OFFLINED}, then either waits (to be killed or
 * interrupted) or exits at once ({@code exit}).
 * Arguments: sysfs-root state-file cpu temporary|deliberate wait|exit.
 */
public final class OfflineThenWaitMain {
    private OfflineThenWaitMain() {
    }

    public static void main(String[] args) throws Exception {
        CpuSysfs tree = new CpuSysfs(Path.of(args[0]));
        OfflinedCpuRegistry registry = new OfflinedCpuRegistry(Path.of(args[1]));
        int cpu = Integer.parseInt(args[2]);
        OfflinedCpuRegistry.Kind kind = OfflinedCpuRegistry.Kind.valueOf(args[3].toUpperCase(java.util.Locale.ROOT));
        HotplugBridge bridge = HotplugBridge.forTree(tree);
        HotplugController controller = new HotplugController(tree, bridge, registry);
        TransitionResult r = controller.offline(cpu, kind);
        System.out.println(r.changed() ? "OFFLINED" : "NOT-OFFLINED " + r);
        System.out.flush();
        if ("wait".equals(args[4])) {
            Thread.currentThread().join(); // until killed or interrupted (SIGINT runs the shutdown hook)
        }
        System.exit(0); // no controller.close(): exit must be enough for a temporary CPU to come back
    }
}
