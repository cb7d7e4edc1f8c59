package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code CPU_UP_PREPARE} starts the CPU's threads of every workqueue at once, then waits for them: its cost does
 * not add up one thread start per workqueue.
 */
class ParallelWorkerStartTest {
    private static final int WORKQUEUES = 3; // plus keventd

    @Test
    void upPrepareStartsEveryWorkqueuesThreadBeforeWaitingForAny() {
        SimMachine m = new SimMachine(4);
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch allCreated = new CountDownLatch(WORKQUEUES + 1);
        AtomicInteger waitedInVain = new AtomicInteger();
        // once armed, a new thread runs only when every workqueue's thread for the CPU exists: started one by one
        // (each awaited before the next is made) the first would wait in vain
        try (WorkqueueSystem sys = m.register(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .threadFactory(r -> {
                    boolean gated = armed.get();
                    if (gated) {
                        allCreated.countDown();
                    }
                    return new Thread(() -> {
                        try {
                            if (gated && !allCreated.await(10, TimeUnit.SECONDS)) {
                                waitedInVain.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        r.run();
                    });
                }).build())) {
            for (int i = 0; i < WORKQUEUES; i++) {
                sys.createWorkqueue("par-" + i);
            }
            int all = sys.liveWorkerCount();
            m.offline(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> sys.liveWorkerCount() == all - WORKQUEUES - 1);
            armed.set(true);

            assertThat(m.prepareUp(3)).isTrue();
            assertThat(allCreated.getCount()).isZero();
            assertThat(waitedInVain).hasValue(0);
            assertThat(sys.liveWorkerCount()).as("every new thread known before CPU_UP_PREPARE returned")
                    .isEqualTo(all);
            m.finishUp(3);
            assertThat(sys.onlineCpus().contains(3)).isTrue();
        }
    }
}
