package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hotplugwq.cpu.CpuAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code delayed_work_timer_fn()} ({@link WorkqueueSystem#timerFired}) when the timer comes late: after destroy's
 * last pass over the queues (no worker is left: the queue refuses) or after the destroy has ended, the work is
 * dropped — its pending bit cleared, counted in {@link WorkqueueStats#droppedTimers()}, never run. And when the
 * timer's CPU goes down between its read of the online view and the insert, it looks again and queues on an online
 * CPU rather than stranding the work. The timers are armed in-package ({@link DelayedWorkTimer#arm}), as destroy's
 * expedite would have found them gone; the insert is held open with the queue's lock.
 */
class LateTimerFiringsAreDroppedAndCountedTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void aTimerFiringAfterDestroysLastPassIsDroppedAndCounted() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("late");
        AtomicInteger ran = new AtomicInteger();
        DelayedWork dw = new DelayedWork(w -> ran.incrementAndGet());
        sys.destroyWorkqueue(wq); // both passes done, no worker left; not yet marked destroyed
        assertThat(wq.isDestroyed()).isFalse();

        assertThat(dw.claimPending()).isTrue();
        sys.timer.arm(dw, wq, 1, 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sys.armedTimers() == 0); // fired: taken off, handled
        assertThat(sys.stats().droppedTimers()).as("dropped timers").isEqualTo(1);
        assertThat(dw.isPending()).as("pending bit of the dropped work").isFalse();
        assertThat(ran).hasValue(0);
        assertThat(wq.pendingCount(1)).isZero();
    }

    @Test
    void aTimerFiringAfterTheDestroyEndedIsDroppedAndCounted() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("gone");
        AtomicInteger ran = new AtomicInteger();
        DelayedWork dw = new DelayedWork(w -> ran.incrementAndGet());
        wq.destroy();

        assertThat(dw.claimPending()).isTrue();
        sys.timer.arm(dw, wq, 0, 1);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sys.armedTimers() == 0); // fired: taken off, handled
        assertThat(sys.stats().droppedTimers()).as("dropped timers").isEqualTo(1);
        assertThat(dw.isPending()).isFalse();
        assertThat(ran).hasValue(0);
    }

    @Test
    void aTimerWhoseCpuWentDownBeforeTheInsertQueuesOnAnOnlineCpu() throws InterruptedException {
        SimMachine m = new SimMachine(2);
        m.platform.setOnline(1, false);
        AtomicReference<Boolean> refuse = new AtomicReference<>(false);
        WorkqueueSystem sys = res.track(WorkqueueSystem.builder(m.platform).policy(HotplugPolicy.DRAIN)
                .threadFactory(r -> {
                    if (refuse.get()) {
                        throw new IllegalStateException("no thread for this test");
                    }
                    return new Thread(r);
                }).build());
        Workqueue wq = sys.createWorkqueue("moving");
        // cpu1 comes up with a CPU_ONLINE only (taken as its prepare too) and gets no thread: online, worker-less
        refuse.set(true);
        m.platform.setOnline(1, true);
        sys.onCpuAction(CpuAction.CPU_ONLINE, 1);
        refuse.set(false);
        assertThat(wq.workerThread(1)).isNull();

        CountDownLatch ran = new CountDownLatch(1);
        DelayedWork dw = new DelayedWork(w -> ran.countDown());
        CpuWorkqueue cwq1 = wq.cpuQueue(1);
        cwq1.lock.lock();
        try {
            assertThat(wq.queueDelayedOn(1, dw, 1, TimeUnit.NANOSECONDS)).isTrue();
            // the timer has read the online view (cpu1 in it) and waits for cpu1's queue
            await().atMost(10, TimeUnit.SECONDS).until(() -> cwq1.lock.hasQueuedThreads() || !dw.isPending());
            assertThat(dw.isPending()).as("the timer's work, not dropped").isTrue();
            sys.onCpuAction(CpuAction.CPU_DOWN_PREPARE, 1);
            m.platform.setOnline(1, false);
            sys.onCpuAction(CpuAction.CPU_DEAD, 1);
        } finally {
            cwq1.lock.unlock();
        }
        assertThat(ran.await(10, TimeUnit.SECONDS)).as("the work ran, on cpu0's queue").isTrue();
        assertThat(wq.pendingCount(1)).as("nothing stranded on cpu1").isZero();
        assertThat(sys.stats().droppedTimers()).isZero();
    }
}
