package org.hotplugwq.hotplug;

import java.nio.file.Path;
import org.hotplugwq.linux.CpuSysfs;

/**
 * Child JVM for refusal tests that need another identity (an unprivileged user) or another mount namespace
 * (read-only sysfs): tries to offline a CPU and prints {@code REFUSED <reason> <message>} or what happened.
 * Arguments: state-file cpu.
 */
public final class RefusalProbeMain {
    private RefusalProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        CpuSysfs tree = CpuSysfs.system();
        HotplugBridge bridge = HotplugBridge.forTree(tree);
        HotplugController controller = new HotplugController(tree, bridge, new OfflinedCpuRegistry(Path.of(args[0])));
        try {
            TransitionResult r = controller.offline(Integer.parseInt(args[1]));
            System.out.println("NOT-REFUSED " + r);
            controller.close();
        } catch (HotplugRefusedException e) {
            System.out.println("REFUSED " + e.reason() + " " + e.getMessage());
        }
        System.out.flush();
        System.exit(0);
    }
}
