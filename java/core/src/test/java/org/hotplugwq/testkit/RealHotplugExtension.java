package org.hotplugwq.testkit;

import java.nio.file.Files;
import java.util.OptionalInt;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.linux.CpuSysfs;
import org.hotplugwq.linux.CpuSysfsWriter;
import org.hotplugwq.linux.Errno;
import org.hotplugwq.linux.LinuxProbes;
import org.hotplugwq.linux.SysfsWriteException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * For tests that hotplug real CPUs. Runs them only where the process is root, sysfs is writable and a
 * hotpluggable CPU is online besides another one; otherwise they are skipped with the reason. After each
 * test and after the class, every hotpluggable CPU that was online before is brought back and every
 * {@code hotplug/fail} is reset to -1, whatever the test did or how it failed.
 * Inject {@link RealCpu} to get the tree and the CPU to use (the highest hotpluggable online one). Shared by the
 * real-hotplug tests of every module (core's test-jar).
 */
public final class RealHotplugExtension
        implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    /** The real sysfs tree and the CPU a test may take offline. */
    public record RealCpu(CpuSysfs sysfs, int cpu) {
        /** Writes the real tree, as another shell would (no bridge, no state file). */
        public CpuSysfsWriter writer() {
            return new CpuSysfsWriter(sysfs);
        }
    }

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealHotplugExtension.class);
    private static final String ONLINE_BEFORE = "onlineBefore";

    private static CpuSysfs tree() {
        return CpuSysfs.system();
    }

    /** The reason real hotplug cannot be tested here, or empty when it can. */
    public static java.util.Optional<String> whyNot() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return java.util.Optional.of("not Linux");
        }
        CpuSysfs tree = tree();
        if (!Files.isDirectory(tree.root())) {
            return java.util.Optional.of("no " + tree.root());
        }
        boolean root;
        try {
            root = LinuxProbes.isRoot();
        } catch (LinkageError e) {
            return java.util.Optional.of("libc not loadable through JNA: " + e.getMessage());
        }
        if (!root) {
            return java.util.Optional.of("not root: CPU hotplug needs root");
        }
        OptionalInt cpu = hotpluggableOnlineCpu(tree);
        if (cpu.isEmpty()) {
            return java.util.Optional.of("no hotpluggable online CPU besides another online one (online: "
                    + tree.tryReadList("online").map(CpuSet::toString).orElse("?") + ")");
        }
        int errno = CpuSysfsWriter.writeAccessErrno(tree.onlineFile(cpu.getAsInt()));
        if (errno != 0) {
            return java.util.Optional.of("cannot write " + tree.onlineFile(cpu.getAsInt()) + ": "
                    + Errno.description(errno));
        }
        return java.util.Optional.empty();
    }

    private static OptionalInt hotpluggableOnlineCpu(CpuSysfs tree) {
        CpuSet online = tree.tryReadList("online").orElse(CpuSet.EMPTY);
        if (online.cardinality() < 2) {
            return OptionalInt.empty();
        }
        int[] cpus = online.toArray();
        for (int i = cpus.length - 1; i >= 0; i--) {
            if (tree.hasOnlineFile(cpus[i]) && tree.readCpuOnline(cpus[i]) == CpuSysfs.OnlineFile.ONLINE) {
                return OptionalInt.of(cpus[i]);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return whyNot().map(r -> ConditionEvaluationResult.disabled("real CPU hotplug tests skipped: " + r))
                .orElseGet(() -> ConditionEvaluationResult.enabled("root, writable sysfs, a hotpluggable CPU"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        CpuSet online = tree().tryReadList("online").orElse(CpuSet.EMPTY);
        context.getStore(NS).put(ONLINE_BEFORE, online);
        context.getRoot().getStore(NS).put(ONLINE_BEFORE, online);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        restore(context.getStore(NS).get(ONLINE_BEFORE, CpuSet.class));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        restore(context.getRoot().getStore(NS).get(ONLINE_BEFORE, CpuSet.class));
    }

    /** Brings back every hotpluggable CPU of {@code onlineBefore} and clears all hotplug/fail files. */
    static void restore(CpuSet onlineBefore) {
        CpuSysfs tree = tree();
        CpuSysfsWriter writer = new CpuSysfsWriter(tree);
        CpuSet present = tree.tryReadList("present").orElse(CpuSet.EMPTY);
        for (int cpu : present.toArray()) {
            if (!tree.hasOnlineFile(cpu)) {
                continue;
            }
            OptionalInt fail = tree.readHotplugFail(cpu);
            if (fail.isPresent() && fail.getAsInt() != -1) {
                try {
                    writer.writeHotplugFail(cpu, -1);
                } catch (SysfsWriteException e) {
                    System.err.println("RealHotplugExtension: cannot clear " + tree.hotplugFailFile(cpu) + ": "
                            + e.getMessage());
                }
            }
            boolean wasOnline = onlineBefore == null || onlineBefore.contains(cpu);
            for (int attempt = 0; wasOnline && attempt < 5 && !tree.readCpuOnline(cpu).isOnline(); attempt++) {
                try {
                    writer.writeCpuOnline(cpu, true);
                } catch (SysfsWriteException e) {
                    System.err.println("RealHotplugExtension: cpu" + cpu + " back online failed: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == RealCpu.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        CpuSysfs tree = tree();
        return new RealCpu(tree, hotpluggableOnlineCpu(tree).orElseThrow(
                () -> new org.opentest4j.TestAbortedException("no hotpluggable online CPU now")));
    }
}
