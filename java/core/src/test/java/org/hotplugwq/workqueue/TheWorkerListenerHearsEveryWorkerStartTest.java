package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link WorkerListener} hears of every worker thread before its start returns: the CPU's workers made at
 * creation, and those DRAIN's next {@code CPU_UP_PREPARE} makes once the dead CPU's workers have exited.
 */
class TheWorkerListenerHearsEveryWorkerStartTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    private record Start(int tid, String workqueue, int cpu, boolean singleThreaded) {
    }

    @Test
    void everyWorkerStartIsHeardWithItsTid() {
        SimMachine m = new SimMachine(2);
        List<Start> heard = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .workerListener((tid, wq, cpu, single, nanos) -> heard.add(new Start(tid, wq, cpu, single)))
                .build()));
        Workqueue wq = sys.createWorkqueue("heard");
        Workqueue keventd = sys.keventd();
        assertThat(heard).containsExactlyInAnyOrder(
                new Start(keventd.workerTid(0), keventd.name(), 0, false),
                new Start(keventd.workerTid(1), keventd.name(), 1, false),
                new Start(wq.workerTid(0), "heard", 0, false),
                new Start(wq.workerTid(1), "heard", 1, false));

        m.offline(1);
        await().atMost(LIMIT).until(() -> wq.workerThread(1) == null && keventd.workerThread(1) == null);
        heard.clear();
        assertThat(m.online(1)).isTrue();
        assertThat(heard).containsExactlyInAnyOrder(
                new Start(keventd.workerTid(1), keventd.name(), 1, false),
                new Start(wq.workerTid(1), "heard", 1, false));
    }
}
