package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The freezer's waits and their undoing (README, "Mutation testing"). */
class FreezerTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    /**
     * A worker that exits instead of freezing (it saw its queue stopping just before the freeze began) leaves the
     * freezer: a freeze waiting for it must look again then, not sleep out its timeout and report a failure.
     */
    @Test
    void aFreezeWaitingForAWorkerThatExitsReturnsAtItsExit() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createFreezeableWorkqueue("freezer-exit");
        Freezer freezer = new Freezer();
        Worker leaving = new Worker(wq.cpuQueue(0), WorkerState.SINGLE_THREAD, false, Thread::new);
        freezer.register(leaving);
        AtomicReference<Thread> freezing = new AtomicReference<>();
        CompletableFuture<Boolean> frozen = res.call("freeze", () -> {
            freezing.set(Thread.currentThread());
            return freezer.freeze(1, TimeUnit.HOURS);
        });
        await().atMost(LIMIT).until(() -> freezing.get() != null
                && freezing.get().getState() == Thread.State.TIMED_WAITING); // in its wait for the worker
        freezer.unregister(leaving);
        assertThat(TestThreads.get(frozen, "the freeze")).as("all (none) frozen").isTrue();
        freezer.thaw();
    }

    /**
     * A freeze interrupted while it waits for a busy worker is undone: it throws, keeps the interrupt, and thaws, so
     * the worker goes on with its queue after the busy work instead of freezing for good.
     */
    @Test
    void anInterruptedFreezeThawsWhatItFroze() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createFreezeableWorkqueue("freezer-interrupted");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queue(new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        AtomicInteger ran = new AtomicInteger();
        wq.queue(new Work(w -> ran.incrementAndGet()));
        TestThreads.await(started, "the busy work started");
        Thread.currentThread().interrupt();
        boolean kept;
        try {
            assertThatThrownBy(sys::freeze).isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
        } finally {
            kept = Thread.interrupted();
        }
        assertThat(kept).as("the interrupt is kept").isTrue();
        gate.countDown();
        TestThreads.bounded("flush after the undone freeze", wq::flush);
        assertThat(ran).hasValue(1);
        assertThat(sys.frozenWorkers()).isZero();
    }
}
