package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker handed DRAIN's wakes of its dead CPU's sleepers that dies of an Error before its next work boundary (its
 * execution observer throws one) wakes them on its way out: they still exit.
 */
class AWorkerKilledWithHandedWakesStillWakesThemTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theSleepersExitThoughTheirWakerDied() {
        SimMachine m = new SimMachine(2);
        CountDownLatch observing = new CountDownLatch(1);
        CountDownLatch kill = res.gate();
        Error fatal = new Error("test: the observer kills its worker");
        DyingWorkers.Factory factory = new DyingWorkers.Factory();
        WorkqueueSystem sys = res.track(m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .threadFactory(factory)
                .observer(r -> {
                    if (r.work() instanceof Marked) { // the worker still runs the work while it is observed
                        observing.countDown();
                        TestThreads.await(kill, "the kill");
                        throw fatal;
                    }
                }).build()));
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue busy = sys.createWorkqueue("busy");
        Thread busyThread = busy.workerThread(1);
        List<Thread> sleepers = List.of(sys.keventd().workerThread(1), idle.workerThread(1));
        busy.queueOn(1, new Marked());
        TestThreads.await(observing, "the observed work's end");
        await().atMost(LIMIT).until(() -> asleep(sys.keventd(), 1) && asleep(idle, 1));

        m.offline(1); // the wakes go to busy's worker, which is still in its work
        kill.countDown();

        await().atMost(LIMIT).until(() -> !busyThread.isAlive());
        assertThat(factory.uncaught.get(busyThread)).isSameAs(fatal);
        await("the sleepers exit").atMost(LIMIT).until(() -> sleepers.stream().noneMatch(Thread::isAlive));
    }

    /** Parked in {@link CpuWorkqueue#awaitMoreWork()}: {@code wq}'s worker of {@code cpu} sleeps. */
    private static boolean asleep(Workqueue wq, int cpu) {
        Thread t = wq.workerThread(cpu);
        return t != null && LockSupport.getBlocker(t) == wq.cpuQueue(cpu);
    }

    /** The work whose observation kills the worker. */
    private static final class Marked extends Work {
        Marked() {
            super(w -> { });
        }
    }
}
