package org.hotplugwq.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a run inline (a work flushed its own workqueue) ends, the work that ran it is the queue's current work
 * again ({@code cwq->current_work}), and the running works unwind cleanly at every depth, the depth that fills
 * their first arrays exactly included.
 */
class AnInlineRunGivesTheQueueBackToTheWorkThatRanItTest {
    @RegisterExtension
    final TestResources res = new TestResources();

    @Test
    void afterItsInlineRunTheOuterWorkIsCurrentAgain() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("current");
        CpuWorkqueue cwq = wq.cpuQueue(1);
        AtomicReference<Work> duringInner = new AtomicReference<>();
        AtomicReference<Work> afterInner = new AtomicReference<>();
        Work inner = new Work(w -> duringInner.set(current(cwq)));
        Work outer = new Work(w -> {
            wq.queueOn(1, inner);
            wq.flush(); // runs inner inline, on this thread
            afterInner.set(current(cwq));
        });
        wq.queueOn(1, outer);
        wq.flush();
        assertThat(duringInner.get()).as("current while the inline run runs it").isSameAs(inner);
        assertThat(afterInner.get()).as("current once the inline run is over").isSameAs(outer);
        assertThat(current(cwq)).as("nothing runs").isNull();
    }

    @Test
    void fourNestedLevelsUnwindCleanly() {
        WorkqueueSystem sys = res.track(new SimMachine(2).system(HotplugPolicy.DRAIN));
        Workqueue wq = sys.createWorkqueue("four");
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        queueLevel(wq, 1, 4, events);
        wq.flush();
        assertThat(sys.stats().workFailures()).as("no level failed").isZero();
        assertThat(events).containsExactly("start 1", "start 2", "start 3", "start 4",
                "end 4", "end 3", "end 2", "end 1");
    }

    private static void queueLevel(Workqueue wq, int level, int depth, List<String> events) {
        wq.queueOn(1, new Work(w -> {
            events.add("start " + level);
            if (level < depth) {
                queueLevel(wq, level + 1, depth, events);
                wq.flush();
            }
            events.add("end " + level);
        }));
    }

    private static Work current(CpuWorkqueue cwq) {
        cwq.lock.lock();
        try {
            return cwq.currentWork;
        } finally {
            cwq.lock.unlock();
        }
    }
}
