package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;

/** {@code struct wq_barrier}: a work whose only job is to say "everything before me has run". */
final class WorkBarrier extends Work {
    private final CountDownLatch done;

    private WorkBarrier(CountDownLatch done) {
        super(w -> done.countDown(), true);
        this.done = done;
        markPending();
    }

    static WorkBarrier create() {
        return new WorkBarrier(new CountDownLatch(1));
    }

    /** Waits until it has run; from a worker, throws instead if that would deadlock ({@link Waits}). */
    void await() {
        cwq.wq.system.waits.await(this, done);
    }

    boolean isDone() {
        return done.getCount() == 0;
    }
}
