package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.hotplugwq.testkit.TestThreads;
import org.hotplugwq.workqueue.Workqueue;
import org.hotplugwq.workqueue.WorkqueueSystem;
import org.junit.jupiter.api.Test;

/**
 * The simulated platform forgets a thread once it has exited, as the kernel forgets a task: its affinity entries
 * are scanned at every {@link SimulatedCpuPlatform#setOnline}, and a long run creates and destroys many workers.
 */
class SimulatedCpuPlatformForgetsExitedThreadsTest {

    @Test
    void workersOfDestroyedWorkqueuesAreForgotten() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 3);
        try (WorkqueueSystem sys = WorkqueueSystem.builder(platform).build()) {
            for (int i = 0; i < 1_000; i++) { // 2,000 pinned workers, each exited when destroy returns
                Workqueue wq = sys.createWorkqueue("short-" + i);
                wq.destroy();
            }
            assertThat(platform.rememberedThreads()).as("threads the platform remembers").isLessThan(200);
            platform.setOnline(1, false);
            platform.setOnline(1, true);
            assertThat(platform.rememberedThreads()).as("after a hotplug: the live threads only")
                    .isLessThanOrEqualTo(sys.liveWorkerCount() + 2);
        }
    }

    @Test
    void aLiveBoundThreadKeepsItsAffinity() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(2, 3);
        CountDownLatch bound = new CountDownLatch(1);
        CountDownLatch exit = new CountDownLatch(1);
        int[] tid = new int[1];
        Thread t = new Thread(() -> {
            tid[0] = platform.currentThreadId();
            platform.bindThread(tid[0], 1);
            bound.countDown();
            TestThreads.await(exit, "the end of the test");
        });
        t.setDaemon(true);
        t.start();
        TestThreads.await(bound, "the thread bound");
        for (int i = 0; i < 500; i++) { // many short-lived threads come and go meanwhile
            Thread s = new Thread(() -> platform.bindThread(platform.currentThreadId(), 0));
            s.start();
            TestThreads.join(s);
        }
        platform.setOnline(0, false);
        platform.setOnline(0, true);
        assertThat(platform.threadAffinity(tid[0])).isEqualTo(CpuSet.of(1));
        exit.countDown();
        TestThreads.join(t);
    }
}
