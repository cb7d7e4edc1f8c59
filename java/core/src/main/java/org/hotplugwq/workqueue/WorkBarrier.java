package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;

/**
 * {@code struct wq_barrier}: a work whose only job is to say "everything before me has run".
 *
 * <p>Also the works running when it was inserted, on the queue it was inserted on: those from index
 * {@link #waitIndex} up of that queue's running works (all of them for a flush; the flushed work and what it runs
 * inline for a flush_work). A run nested in one of them (it flushed its own workqueue) may reach the barrier while
 * they still run: it then defers the barrier until they finish ({@link CpuWorkqueue#deferIfNested}).
 */
final class WorkBarrier extends Work {
    private final CountDownLatch done;
    /** The queue it was inserted on; takeover may move it to another, where it waits for no running work. */
    final CpuWorkqueue insertedOn;
    /** The lowest index, in {@link #insertedOn}'s running works, of those it also waits for. */
    final int waitIndex;
    WorkBarrier nextDeferred; // [Q] of insertedOn: the chain of barriers deferred to one running work

    private WorkBarrier(CountDownLatch done, CpuWorkqueue insertedOn, int waitIndex) {
        super(w -> done.countDown(), true);
        this.done = done;
        this.insertedOn = insertedOn;
        this.waitIndex = waitIndex;
        markPending();
    }

    static WorkBarrier create(CpuWorkqueue insertedOn, int waitIndex) {
        return new WorkBarrier(new CountDownLatch(1), insertedOn, waitIndex);
    }

    void complete() {
        done.countDown();
    }

    /** Waits until it has run; from a worker, throws instead if that would deadlock ({@link Waits}). */
    void await() {
        cwq.wq.system.waits.await(this, done);
    }

    boolean isDone() {
        return done.getCount() == 0;
    }
}
