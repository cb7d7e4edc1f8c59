package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each work starts with its worker's interrupt status clear: a work that interrupts its thread (or is interrupted)
 * and returns does not make the next work's blocking calls fail; an outer work's status survives an inline run.
 */
class InterruptStatusDoesNotLeakBetweenWorksTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theNextWorkStartsUninterrupted() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("interrupts");
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        wq.queue(new Work(w -> Thread.currentThread().interrupt()));
        wq.queue(new Work(w -> seen.add(Thread.currentThread().isInterrupted())));
        wq.flush();
        assertThat(seen).containsExactly(false);
    }

    @Test
    void aWorkRunInlineNeitherSeesNorChangesTheOuterWorksStatus() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("nested-interrupts");
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch outerDone = new CountDownLatch(1);
        Work record = new Work(inner -> seen.add("inner: " + Thread.currentThread().isInterrupted()));
        wq.queue(new Work(outer -> {
            wq.queue(record);
            wq.queue(new Work(inner -> Thread.currentThread().interrupt()));
            wq.flush(); // runs both inline
            seen.add("outer after an inline run that interrupted: " + Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt();
            wq.queue(record);
            wq.flush();
            seen.add("outer interrupted before an inline run: " + Thread.interrupted());
            outerDone.countDown();
        }));
        TestThreads.await(outerDone, "the outer work"); // not flush(): the inline runs may run its barrier early
        assertThat(seen).containsExactly("inner: false", "outer after an inline run that interrupted: false",
                "inner: false", "outer interrupted before an inline run: true");
    }
}
