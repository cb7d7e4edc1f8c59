package org.hotplugwq.workqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
