package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Workqueue#destroyWithin} goes on after its timeout on a thread of its own: that thread is named after the
 * workqueue ({@code <name>-destroy}, so a thread dump tells what it waits for) and is a daemon (a destroy stuck
 * behind a work that never ends must not keep the JVM alive), whatever the system's thread factory made it.
 */
class DestroyWithinRunsOnANamedDaemonThreadTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theDestroyThreadLeftWaitingIsANamedDaemon() throws InterruptedException {
        List<Thread> made = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(new SimMachine(2).platform)
                .policy(HotplugPolicy.DRAIN)
                .threadFactory(r -> { // non-daemon and anonymous: only destroyWithin can make it otherwise
                    Thread t = new Thread(r, "from-the-factory");
                    t.setDaemon(false);
                    made.add(t);
                    return t;
                }).build());
        Workqueue wq = sys.createWorkqueue("slow");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(1, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the blocking work");

        assertThat(wq.destroyWithin(1, TimeUnit.MILLISECONDS)).as("destroy behind a blocked work").isFalse();
        List<Thread> destroyers = made.stream().filter(Thread::isAlive)
                .filter(t -> t.getName().equals("slow-destroy")).toList();
        assertThat(destroyers).as("live threads named slow-destroy among %s", made).hasSize(1);
        assertThat(destroyers.get(0).isDaemon()).as("the destroy thread is a daemon").isTrue();

        gate.countDown();
        assertThat(wq.awaitDestroyed(TestThreads.LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        TestThreads.join(destroyers.get(0));
    }
}
