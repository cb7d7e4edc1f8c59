package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link WorkerListener} set on the builder (among the other options, chained) hears each worker once, on its
 * start: its tid, its workqueue, the CPU of its queue and whether it is a single-threaded workqueue's.
 */
class WorkerListenerHearsEveryWorkerStartTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    private record Started(int tid, String workqueue, int cpu, boolean singleThreaded) {
    }

    @Test
    void eachWorkerIsHeardOnceWithItsTidWorkqueueCpuAndKind() {
        List<Started> heard = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 9))
                .workerListener((tid, name, cpu, single, nanos) -> heard.add(new Started(tid, name, cpu, single)))
                .keventdName("listened")
                .policy(HotplugPolicy.DRAIN)
                .build());
        Workqueue multi = sys.createWorkqueue("multi");
        Workqueue single = sys.createSinglethreadWorkqueue("single");

        // a worker is heard before its start returns, so before the create does
        Workqueue keventd = sys.keventd();
        assertThat(heard).containsExactlyInAnyOrder(
                new Started(keventd.workerTid(0), "listened", 0, false),
                new Started(keventd.workerTid(1), "listened", 1, false),
                new Started(multi.workerTid(0), "multi", 0, false),
                new Started(multi.workerTid(1), "multi", 1, false),
                new Started(single.workerTid(0), "single", sys.singlethreadCpu(), true));
    }
}
