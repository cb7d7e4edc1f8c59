package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thread factory's thread may go on after the worker's {@code run()} (a pool's thread, a wrapper's clean-up):
 * from then on it is no worker of the system any more — {@link WorkqueueSystem#currentIsKeventd()} says false on it.
 */
class AFinishedWorkerThreadIsNoWorkerAnyMoreTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void keventdsThreadsAreNotKeventdOnceTheirWorkerHasReturned() {
        AtomicReference<WorkqueueSystem> system = new AtomicReference<>();
        Map<String, Boolean> keventdAfterRun = new ConcurrentHashMap<>();
        List<Thread> made = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 13))
                .keventdName("kev")
                .threadFactory(r -> {
                    Thread t = new Thread(() -> {
                        r.run();
                        keventdAfterRun.put(Thread.currentThread().getName(), system.get().currentIsKeventd());
                    });
                    made.add(t);
                    return t;
                }).build());
        system.set(sys);
        AtomicBoolean inWork = new AtomicBoolean();
        sys.keventd().queueOn(1, new Work(w -> inWork.set(sys.currentIsKeventd())));
        sys.flushScheduledWork();
        assertThat(inWork).as("a keventd work runs on keventd").isTrue();

        sys.close(); // keventd's workers return from run(), then their threads ask
        made.forEach(TestThreads::join);
        assertThat(keventdAfterRun).containsEntry("kev/0", false).containsEntry("kev/1", false);
    }
}
