package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The execution observer hears of the work that emptied the queue while that work still counts as running, so a
 * {@code flush_work()} of it cannot return before the observer has heard of it.
 */
class TheObserverHearsOfTheLastWorkWhileItStillRunsTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theLastWorkIsStillCurrentWhenObservedAndFlushWorkWaitsForTheObserver() {
        SimMachine m = new SimMachine(2);
        CountDownLatch observing = new CountDownLatch(1);
        CountDownLatch release = res.gate();
        AtomicBoolean stillCurrent = new AtomicBoolean();
        AtomicBoolean observed = new AtomicBoolean();
        Work last = new Work(w -> { });
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN, r -> {
            if (r.work() == last) {
                CpuWorkqueue cwq = r.work().cwq;
                cwq.lock.lock();
                try {
                    stillCurrent.set(cwq.currentWork == r.work());
                } finally {
                    cwq.lock.unlock();
                }
                observing.countDown();
                TestThreads.await(release, "the observer's release");
                observed.set(true);
            }
        }));
        Workqueue wq = sys.createWorkqueue("observed");
        wq.queueOn(1, last);
        TestThreads.await(observing, "the observer hears of the work");
        assertThat(stillCurrent).as("the work still runs while observed").isTrue();

        CompletableFuture<Boolean> flushed = res.call("flush_work", () -> {
            wq.flushWork(last);
            return observed.get();
        });
        release.countDown();
        assertThat(TestThreads.get(flushed, "flush_work")).as("flush_work returned after the observer").isTrue();
    }
}
