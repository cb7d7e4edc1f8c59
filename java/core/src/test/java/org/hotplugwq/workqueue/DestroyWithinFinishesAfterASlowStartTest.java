package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Workqueue#destroyWithin}'s finishing thread is started before the first half of the destroy runs on the
 * caller (so a thread that cannot start changes nothing); it must wait for that half to end before it decides
 * whether to go on. Here the first half is held inside {@code workqueue_mutex} (a multi-threaded workqueue leaves
 * the list under it) until the finishing thread has surely had time to look: the destroy must still finish.
 */
class DestroyWithinFinishesAfterASlowStartTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void theFinishingThreadWaitsForTheFirstHalfHeldOpenUnderTheMutex() throws InterruptedException {
        List<Thread> made = new CopyOnWriteArrayList<>();
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(new SimMachine(2).platform)
                .policy(HotplugPolicy.DRAIN)
                .threadFactory(r -> {
                    Thread t = new Thread(r);
                    made.add(t);
                    return t;
                }).build());
        Workqueue wq = sys.createWorkqueue("slowstart");
        sys.workqueueMutex.lock();
        CompletableFuture<Boolean> destroyed;
        try {
            destroyed = res.call("destroyer", () -> wq.destroyWithin(TestThreads.LIMIT.toSeconds(), TimeUnit.SECONDS));
            // the caller is stuck in startDestroy; its finisher has run as far as it can: parked, or (wrongly) gone
            await().atMost(TestThreads.LIMIT).until(() -> sys.workqueueMutex.hasQueuedThreads()
                    && made.stream().anyMatch(t -> t.getName().equals("slowstart-destroy")
                    && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TERMINATED)));
        } finally {
            sys.workqueueMutex.unlock();
        }
        assertThat(wq.awaitDestroyed(10, TimeUnit.SECONDS)).as("destroyed once the first half ended").isTrue();
        assertThat(TestThreads.get(destroyed, "destroyWithin")).isTrue();
        assertThat(sys.liveWorkerCount(wq)).isZero();
    }
}
