package org.hotplugwq.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;

/**
 * The simulated platform keeps the state of every live thread that asked for its id and of every tid bound by
 * number, and forgets a thread once it has exited (at the next offline's sweep): counted from below as well as
 * from above.
 */
class SimulatedCpuPlatformRemembersLiveThreadsTest {

    @Test
    void livePinnedThreadsAreRememberedAndForgottenAfterTheyExit() {
        SimulatedCpuPlatform platform = new SimulatedCpuPlatform(3, 5);
        assertThat(platform.rememberedThreads()).isZero();
        CountDownLatch bound = new CountDownLatch(3);
        CountDownLatch exit = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                platform.bindThread(platform.currentThreadId(), 1);
                bound.countDown();
                TestThreads.await(exit, "the end of the test");
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            TestThreads.await(bound, "the threads pinned");
            assertThat(platform.rememberedThreads()).as("the three live pinned threads").isEqualTo(3);
            platform.bindThread(4_242, 0); // a tid never seen, bound by number: its affinity is kept
            assertThat(platform.rememberedThreads()).isEqualTo(4);
            platform.setOnline(2, false); // a sweep (no pin broken): all alive, nothing forgotten
            assertThat(platform.rememberedThreads()).isEqualTo(4);
        } finally {
            exit.countDown();
            threads.forEach(TestThreads::join);
        }
        platform.setOnline(2, true);
        platform.setOnline(2, false); // the sweep after they exited
        assertThat(platform.rememberedThreads()).as("the tid bound by number only").isEqualTo(1);
    }
}
