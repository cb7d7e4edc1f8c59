package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotplugwq.testkit.TestThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The timer heap of delayed works: order, growth, cancels anywhere in it, and its answers (README, "Tests"). */
class DelayedWorkTimerTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    @RegisterExtension
    final TestResources res = new TestResources();

    /**
     * Timers armed in a shuffled order, some cancelled from the top, the bottom and the middle of the heap, fire in
     * the order of their expiry. The expiries are fixed points in time, 5 ms apart, so how long the arming takes
     * changes nothing; on a single-threaded workqueue the works run in the order their timers fired.
     */
    @Test
    void timersFireInExpiryOrder_whateverOrderTheyWereArmedAndCancelledIn() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("timer-order");
        int n = 32;
        List<Integer> fired = new CopyOnWriteArrayList<>();
        DelayedWork[] works = new DelayedWork[n];
        List<Integer> armOrder = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int id = k;
            works[k] = new DelayedWork(w -> fired.add(id));
            armOrder.add(k);
        }
        Collections.shuffle(armOrder, new Random(5));
        long base = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        for (int k : armOrder) {
            long delay = base + TimeUnit.MILLISECONDS.toNanos(5L * k) - System.nanoTime();
            assertThat(wq.queueDelayed(works[k], delay, TimeUnit.NANOSECONDS)).isTrue();
        }
        assertThat(sys.armedTimers()).isEqualTo(n);
        Set<Integer> cancelled = Set.of(0, 1, 7, 12, 13, 20, 26, n - 1);
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (cancelled.contains(k)) {
                assertThat(works[k].cancel()).isTrue();
                assertThat(works[k].isTimerArmed()).isFalse();
            } else {
                assertThat(works[k].isTimerArmed()).isTrue();
                expected.add(k);
            }
        }
        await().atMost(LIMIT).until(() -> fired.size() == expected.size());
        assertThat(fired).containsExactlyElementsOf(expected);
        assertThat(sys.armedTimers()).isZero();
        assertThat(works[2].isTimerArmed()).as("fired").isFalse();
        assertThat(works[2].cancel()).as("fired: nothing to cancel").isFalse();
    }

    /**
     * A cancel that moves the heap's last timer into a hole under a later one must lift it above that one. Armed in
     * this order the heap is 0 / 3 1 / 6 5 4 2; cancelling 6 moves 2 into its place, under 3: a heap that only
     * sifted down there would fire 3 before 2.
     */
    @Test
    void aTimerMovedIntoACancelledHoleIsLiftedAboveLaterOnes() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createSinglethreadWorkqueue("timer-hole");
        List<Integer> fired = new CopyOnWriteArrayList<>();
        DelayedWork[] works = new DelayedWork[7];
        for (int k = 0; k < works.length; k++) {
            int slot = k;
            works[k] = new DelayedWork(w -> fired.add(slot));
        }
        long base = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        for (int k : new int[] {4, 5, 3, 6, 2, 0, 1}) { // 6, the latest, an hour away: it is still there to cancel
            long delay = (k == 6 ? base + TimeUnit.HOURS.toNanos(1) : base + TimeUnit.MILLISECONDS.toNanos(2L * k))
                    - System.nanoTime();
            wq.queueDelayed(works[k], delay, TimeUnit.NANOSECONDS);
        }
        assertThat(works[6].cancel()).isTrue();
        await().atMost(LIMIT).until(() -> fired.size() == 6);
        assertThat(fired).containsExactly(0, 1, 2, 3, 4, 5);
    }

    /**
     * A delay of zero queues at once, without a timer, on the CPU asked for (0, not the caller's 1): cpu0's queue has
     * the work when the call returns, though its lock, held here, keeps a timer from queuing it. A timer armed for
     * cpu0 is aimed at cpu0 too.
     */
    @Test
    void aZeroDelayQueuesAtOnceOnTheCpuAsked_andATimerIsAimedAtIt() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("timer-zero");
        DelayedWork now = new DelayedWork(w -> { });
        DelayedWork later = new DelayedWork(w -> { });
        int me = m.platform.currentThreadId();
        m.platform.bindThread(me, 1);
        CpuWorkqueue cpu0 = wq.cpuQueue(0);
        cpu0.lock.lock(); // nor can cpu0's worker take the work off
        try {
            assertThat(wq.queueDelayedOn(0, now, 0, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(wq.pendingCount(0)).as("queued on cpu0 before the call returned").isOne();
            assertThat(wq.queueDelayedOn(0, later, 1, TimeUnit.HOURS)).isTrue();
            assertThat(later.timerCpu).isZero();
        } finally {
            cpu0.lock.unlock();
            m.platform.unbindThread(me);
        }
        wq.flush();
        assertThat(now.isPending()).isFalse();
        assertThat(later.cancel()).isTrue();
    }

    /** A timer firing on a workqueue destroyed since it was armed is dropped, counted, and its pending bit freed. */
    @Test
    void aTimerFiringOnADestroyedWorkqueueIsDroppedAndReleased() throws Exception {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("timer-destroyed");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = res.gate();
        wq.queueOn(0, new Work(w -> {
            started.countDown();
            TestThreads.await(gate, "gate");
        }));
        TestThreads.await(started, "the blocking work started");
        assertThat(wq.destroyWithin(1, TimeUnit.MILLISECONDS)).as("held by the blocker").isFalse();
        AtomicInteger ran = new AtomicInteger();
        DelayedWork late = new DelayedWork(w -> ran.incrementAndGet());
        assertThat(wq.queueDelayedOn(1, late, 1, TimeUnit.HOURS)).as("armed after destroy fired its timers").isTrue();
        gate.countDown();
        assertThat(wq.awaitDestroyed(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(sys.timer.expedite(wq)).as("its timer comes due").isOne();
        assertThat(late.isPending()).isFalse();
        assertThat(ran).hasValue(0);
        assertThat(sys.stats().droppedTimers()).isOne();
    }

    @Test
    void theHeapGrowsPastItsFirstSize_andEmptiesAgain() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("timer-growth");
        DelayedWork never = new DelayedWork(w -> { });
        assertThat(never.isTimerArmed()).isFalse();
        List<DelayedWork> works = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            DelayedWork dw = new DelayedWork(w -> { });
            works.add(dw);
            wq.queueDelayedOn(i % 2, dw, 1 + i % 7, TimeUnit.HOURS);
        }
        assertThat(sys.armedTimers()).isEqualTo(200);
        assertThat(works).allMatch(DelayedWork::isTimerArmed);
        works.forEach(DelayedWork::cancel);
        assertThat(sys.armedTimers()).isZero();
        assertThat(works).noneMatch(DelayedWork::isTimerArmed).noneMatch(Work::isPending);
    }

    /** A stale cancel through another system's timer, at an index one past that timer's full heap, finds nothing. */
    @Test
    void aCancelThroughAFullForeignHeapTouchesNothing() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem one = res.track(m.system(HotplugPolicy.DRAIN));
        WorkqueueSystem two = res.track(m.system(HotplugPolicy.DRAIN));
        for (int i = 0; i < 64; i++) { // its heap array is full
            one.keventd().queueDelayed(new DelayedWork(w -> { }), 1, TimeUnit.HOURS);
        }
        DelayedWork theirs = null;
        for (int i = 0; i < 65; i++) { // later expiries: each stays where it was added, the last at index 64
            theirs = new DelayedWork(w -> { });
            two.keventd().queueDelayed(theirs, 3_600_000L + i, TimeUnit.MILLISECONDS);
        }
        assertThat(theirs.heapIndex).isEqualTo(64);
        assertThat(one.timer.disarm(theirs)).isFalse();
        assertThat(one.timer.isArmed(theirs)).isFalse();
        assertThat(one.armedTimers()).isEqualTo(64);
        assertThat(theirs.cancel()).isTrue();
    }

    /** destroy() fires at once the timers aimed at the workqueue (and only those). */
    @Test
    void destroyFiresTheTimersAimedAtItsWorkqueueOnly() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("timer-expedite");
        Workqueue other = sys.createWorkqueue("timer-other");
        List<String> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            wq.queueDelayedOn(i % 2, new DelayedWork(w -> ran.add("mine")), 1, TimeUnit.HOURS);
        }
        DelayedWork others = new DelayedWork(w -> ran.add("other"));
        other.queueDelayed(others, 1, TimeUnit.HOURS);
        assertThat(sys.timer.expedite(wq)).isEqualTo(3);
        wq.flush();
        assertThat(ran).containsExactly("mine", "mine", "mine");
        assertThat(sys.timer.expedite(wq)).isZero();
        assertThat(others.isTimerArmed()).isTrue();
        assertThat(sys.armedTimers()).isOne();
        assertThat(others.cancel()).isTrue();
    }
}
