package org.hotplugwq.stress.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hotplugwq.cpu.CpuSet;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.stress.verdict.Ledger;
import org.hotplugwq.workqueue.HotplugPolicy;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueInspector;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.junit.jupiter.api.Test;

/**
 * README, {@code hotplugwq stress}: worker names. The kernel shows 15 characters of a thread's name; within them
 * every worker of the run names its policy, workqueue and CPU.
 */
class WorkerNamesTest {
    private static final int CPUS = 1024;
    /** Online during the test (a worker per CPU per workqueue): every length of CPU number, both ends. */
    private static final CpuSet STARTED = CpuSet.of(0, 1, 9, 10, 99, 100, 511, 999, 1000, 1023);

    /**
     * Every worker's name of a 1024-CPU system running the four policies with three workqueues each: the names as
     * built fit without a cut on every CPU (so they stay unique), and the threads really started (on a spread of
     * CPUs: 16k threads would take a minute on a loaded box) carry them.
     */
    @Test
    void everyWorkerOfFourPoliciesTimesThreeWorkqueuesOn1024CpusHasAShortUniqueName() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(CPUS, 1);
        for (int cpu = 0; cpu < CPUS; cpu++) {
            platform.setOnline(cpu, STARTED.contains(cpu));
        }
        List<WorkqueueSystem> systems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> started = new HashSet<>();
        try {
            for (HotplugPolicy policy : HotplugPolicy.values()) {
                WorkqueueSystem system = WorkqueueSystem.builder(platform).policy(policy)
                        .keventdName(WorkerNames.keventd(policy)).build();
                systems.add(system);
                PolicyLoad load = new PolicyLoad(policy.cliName(), system, WorkQueuer.DIRECT, new Ledger(), 3, 1_000);
                assertThat(load.queues()).hasSize(3 + 2); // three, the single-threaded one and keventd
                for (LoadQueue q : load.queues()) {
                    Workqueue wq = q.wq();
                    for (int cpu = 0; cpu < (wq.isSingleThreaded() ? 1 : CPUS); cpu++) {
                        String name = wq.isSingleThreaded() ? wq.name() : wq.name() + "/" + cpu;
                        assertThat(name).as("%s %s cpu%d", policy, wq.name(), cpu).hasSizeLessThanOrEqualTo(15)
                                .startsWith(WorkerNames.code(policy) + "-");
                        assertThat(names.add(name)).as("unique: " + name).isTrue();
                        if (wq.isSingleThreaded() || STARTED.contains(cpu)) {
                            int at = wq.isSingleThreaded() ? STARTED.first() : cpu;
                            assertThat(WorkqueueInspector.workerThread(wq, at).getName()).isEqualTo(name);
                            started.add(name);
                        }
                    }
                }
            }
        } finally {
            systems.forEach(WorkqueueSystem::close);
        }
        assertThat(names).hasSize(HotplugPolicy.values().length * ((3 + 1) * CPUS + 1));
        assertThat(started).hasSize(HotplugPolicy.values().length * ((3 + 1) * STARTED.cardinality() + 1));
    }

    @Test
    void shortLivedWorkqueuesKeepTheirNumberAndTheCpuToo() {
        String name = WorkerNames.shortlived("ds", Integer.MAX_VALUE);
        assertThat(name).isEqualTo("ds-szik0zj");
        assertThat(name + "/" + (CPUS - 1)).hasSizeLessThanOrEqualTo(15);
        assertThat(WorkerNames.shortlived("tk", 35)).isEqualTo("tk-sz");
        assertThat(WorkerNames.codeOf("drain-sync")).isEqualTo("ds");
    }
}
