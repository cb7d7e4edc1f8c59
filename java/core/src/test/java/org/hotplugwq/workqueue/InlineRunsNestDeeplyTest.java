package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A work that flushes its own workqueue runs the queue inline, and a work run there may do the same, and so on:
 * each level is one more running work on the queue's worker, well past the few it has room for at first. Every
 * level runs, in order, and each ends after the ones it ran inline.
 */
class InlineRunsNestDeeplyTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final int DEPTH = 10; // the running works outgrow their first arrays twice
    @RegisterExtension
    final TestResources res = new TestResources();

    /** Levels 1..{@link #DEPTH}: each queues the next (with {@code queue}) and flushes its workqueue. */
    private static final class Nest {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch outermostDone = new CountDownLatch(1);
        private final Workqueue wq;
        private final BiPredicate<Workqueue, Work> queue;

        Nest(Workqueue wq, BiPredicate<Workqueue, Work> queue) {
            this.wq = wq;
            this.queue = queue;
        }

        boolean queueLevel(int level) {
            return queue.test(wq, new Work(w -> {
                events.add("start " + level);
                if (level < DEPTH) {
                    queueLevel(level + 1);
                    wq.flush(); // runs the next level inline, on this thread
                }
                events.add("end " + level);
                if (level == 1) {
                    outermostDone.countDown();
                }
            }));
        }
    }

    private static void runAndCheck(WorkqueueSystem sys, Nest nest) {
        assertThat(nest.queueLevel(1)).isTrue();
        await("the outermost level ends, or a level fails").atMost(LIMIT)
                .until(() -> nest.outermostDone.getCount() == 0 || sys.stats().workFailures() > 0);
        assertThat(sys.stats().workFailures()).as("no level failed").isZero();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= DEPTH; i++) {
            expected.add("start " + i);
        }
        for (int i = DEPTH; i >= 1; i--) {
            expected.add("end " + i);
        }
        assertThat(nest.events).containsExactlyElementsOf(expected);
    }

    @Test
    void aSingleThreadedWorkqueueNestsItsInlineRunsTenDeep() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        runAndCheck(sys, new Nest(sys.createSinglethreadWorkqueue("deep"), Workqueue::queue));
        assertThat(sys.stats().runDepthWarnings()).as("past the depth the kernel warns at").isPositive();
    }

    @Test
    void aMultiThreadedWorkqueueNestsItsInlineRunsTenDeep() {
        SimMachine m = new SimMachine(2);
        WorkqueueSystem sys = res.track(m.system(HotplugPolicy.DRAIN));
        runAndCheck(sys, new Nest(sys.createWorkqueue("deep-mt"), (wq, w) -> wq.queueOn(1, w)));
    }
}
