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
 * Two CPUs die in a row under DRAIN, one callback each: the second callback wakes the second CPU's workers and
 * nothing of the first's — neither the sleepers whose wakes wait for the first CPU's busy worker (they stay
 * asleep until its work ends) nor that busy worker as the waker of the second CPU's sleepers (its work may run
 * for as long as it likes).
 */
class EachDrainCpuDeadWakesOnlyItsOwnCpusWorkersTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theSecondCallbackLeavesTheFirstCpusWakesAlone() {
        SimMachine m = new SimMachine(3);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue idle = sys.createWorkqueue("idle");
        Workqueue busy = sys.createWorkqueue("busy");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        busy.queueOn(1, new Work(w -> {
            running.countDown();
            TestThreads.await(release, "the long work's release");
        }));
        TestThreads.await(running, "the long work on cpu1");
        List<Workqueue> sleeping1 = List.of(sys.keventd(), idle);
        List<Workqueue> sleeping2 = List.of(sys.keventd(), idle, busy);
        List<Thread> sleepers1 = sleeping1.stream().map(wq -> wq.workerThread(1)).toList();
        List<Thread> workers2 = sleeping2.stream().map(wq -> wq.workerThread(2)).toList();
        await().atMost(LIMIT).until(() -> sleeping1.stream().allMatch(wq -> asleep(wq, 1))
                && sleeping2.stream().allMatch(wq -> asleep(wq, 2)));

        m.offline(1); // cpu1's sleepers are left to busy's worker, in its long work
        m.offline(2);

        await("cpu2's workers exit while cpu1's long work runs").atMost(LIMIT)
                .until(() -> workers2.stream().noneMatch(Thread::isAlive));
        sleeping1.forEach(wq -> assertThat(asleep(wq, 1))
                .as("%s's cpu1 worker still waits for the long work's end", wq.name()).isTrue());

        release.countDown();
        await("cpu1's workers exit").atMost(LIMIT).until(() -> sleepers1.stream().noneMatch(Thread::isAlive));
        await().atMost(LIMIT).until(() -> busy.workerThread(1) == null);
    }

    /** Parked in {@link CpuWorkqueue#awaitMoreWork()}: {@code wq}'s worker of {@code cpu} sleeps. */
    private static boolean asleep(Workqueue wq, int cpu) {
        Thread t = wq.workerThread(cpu);
        return t != null && LockSupport.getBlocker(t) == wq.cpuQueue(cpu);
    }
}
