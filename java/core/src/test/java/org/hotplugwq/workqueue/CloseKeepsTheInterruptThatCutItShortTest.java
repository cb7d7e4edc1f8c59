package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.cpu.SimulatedCpuPlatform;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link WorkqueueSystem#close()} called by an interrupted thread while the timer thread has not ended yet: the
 * interrupt cuts close's last wait (the join of the timer thread) short, and the caller still has it afterwards.
 * The timer thread is held after its {@code run()} returned, so the join surely has to wait.
 */
class CloseKeepsTheInterruptThatCutItShortTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void anInterruptedCloserStillHasItsInterruptAfterClose() {
        CountDownLatch gate = res.gate();
        WorkqueueSystem sys = WorkqueueSystem.builder(new SimulatedCpuPlatform(2, 17))
                .threadFactory(r -> new Thread(() -> {
                    r.run();
                    if (Thread.currentThread().getName().equals("wq-timer")) {
                        TestThreads.await(gate, "the test's gate"); // the timer thread outlives its run()
                    }
                })).build();
        CompletableFuture<Boolean> interruptedAfter = res.call("closer", () -> {
            Thread.currentThread().interrupt();
            sys.close();
            return Thread.interrupted();
        });
        assertThat(TestThreads.get(interruptedAfter, "close")).as("the closer's interrupt is kept").isTrue();
    }
}
