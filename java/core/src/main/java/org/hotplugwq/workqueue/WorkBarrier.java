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

    void await() {
        Uninterruptibly.await(done);
    }
}
