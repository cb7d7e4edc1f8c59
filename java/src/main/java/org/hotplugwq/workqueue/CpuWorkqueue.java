package org.hotplugwq.workqueue;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One workqueue's queue for one CPU: the kernel's {@code struct cpu_workqueue_struct}.
 *
 * <p>Everything below is guarded by {@link #lock} ({@code cwq->lock}) except {@link #worker}, which is
 * also read without it ({@code cwq->thread == current}, as the kernel does), and {@link #runDepth}, which
 * only the worker thread touches.
 */
final class CpuWorkqueue {
    final Workqueue wq;
    final int cpu;
    final ReentrantLock lock = new ReentrantLock();
    final Condition moreWork = lock.newCondition(); // cwq->more_work
    private final Work head = new Work(null, true); // list sentinel of cwq->worklist

    Work currentWork;          // cwq->current_work
    boolean shouldStop;        // cwq->should_stop
    boolean workerSleeping;    // a worker waits on moreWork: only then does insert signal
    volatile Worker worker;    // cwq->thread
    int runDepth;              // cwq->run_depth

    CpuWorkqueue(Workqueue wq, int cpu) {
        this.wq = wq;
        this.cpu = cpu;
    }

    boolean isEmpty() {
        return head.next == head;
    }

    /** {@code insert_work()}: at the tail, or right after the running work (head) for a flush_work barrier. */
    void insert(Work work, boolean tail) {
        Work before = tail ? head.prev : head;
        Work after = before.next;
        work.prev = before;
        work.next = after;
        before.next = work;
        after.prev = work;
        work.cwq = this;
        if (workerSleeping) {
            moreWork.signal();
        }
    }

    Work removeFirst() {
        Work w = head.next;
        unlink(w);
        return w;
    }

    /** {@code list_del_init(&work->entry)}. */
    static void unlink(Work w) {
        w.prev.next = w.next;
        w.next.prev = w.prev;
        w.next = w;
        w.prev = w;
    }

    /** Moves every queued work to {@code target}'s tail, in order; the caller holds both locks. */
    int spliceTo(CpuWorkqueue target) {
        int moved = 0;
        while (!isEmpty()) {
            Work w = removeFirst();
            w.movedByTakeover = !w.internal;
            target.insert(w, true);
            moved++;
        }
        return moved;
    }

    int size() {
        int n = 0;
        for (Work w = head.next; w != head; w = w.next) {
            n++;
        }
        return n;
    }

    void wake() {
        lock.lock();
        try {
            moreWork.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return wq.name() + "/" + cpu;
    }
}
