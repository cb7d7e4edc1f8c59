package org.hotplugwq.workqueue;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One workqueue's queue for one CPU: the kernel's {@code struct cpu_workqueue_struct}.
 *
 * <p>Everything below is guarded by {@link #lock} ({@code cwq->lock}) except {@link #worker}, which is
 * also read without it ({@code cwq->thread == current}, as the kernel does), and {@link #runDepth}, which
 * only the worker thread touches.
 */
final class CpuWorkqueue extends CacheLinePadding {
    final Workqueue wq;
    final int cpu;
    final ReentrantLock lock = new ReentrantLock();
    private final Work head = new Work(null, true); // list sentinel of cwq->worklist

    Work currentWork;          // cwq->current_work
    boolean shouldStop;        // cwq->should_stop
    /**
     * {@code cwq->more_work}: the worker parked in {@link #awaitMoreWork()}, or null. A plain park rather than
     * a {@code Condition}: {@code Condition.await} allocates a queue node at every sleep (the kernel's wait
     * entry lives on the stack), which made an idle-then-busy worker allocate on the queuing hot path. One
     * waiter at most: only the cwq's worker thread sleeps here.
     */
    private Thread sleeper;
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
        wakeSleeper();
    }

    /**
     * {@code insert_work()} at the tail for the queuing hot path: like {@link #insert insert(work, true)} but
     * does not wake the worker under the lock. It returns the sleeping worker (or null) for the caller to
     * {@link LockSupport#unpark unpark} once it has released the lock, so the woken worker does not run
     * straight into a held lock (a second sleep and a second wake-up). Unparking a thread that has since
     * woken, or exited, is harmless: it re-checks under the lock.
     */
    Thread insertTail(Work work) {
        Work before = head.prev;
        work.prev = before;
        work.next = head;
        before.next = work;
        head.prev = work;
        work.cwq = this;
        return sleeper;
    }

    /** Under {@link #lock}: the worker parked in {@link #awaitMoreWork()}, or null. */
    Thread sleeper() {
        return sleeper;
    }

    /**
     * Under {@link #lock}: sleeps until {@link #wakeSleeper()} (or spuriously; the caller re-checks its
     * condition) and returns with the lock held again. Uninterruptible, like {@code awaitUninterruptibly}:
     * an interrupt is remembered and re-asserted on return, never turned into a busy loop.
     */
    void awaitMoreWork() {
        Thread me = Thread.currentThread();
        boolean interrupted = Thread.interrupted();
        sleeper = me;
        lock.unlock();
        try {
            LockSupport.park(this);
        } finally {
            lock.lock();
            if (sleeper == me) {
                sleeper = null;
            }
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** Under {@link #lock}: {@code wake_up(&cwq->more_work)}; nothing to do when the worker is not asleep. */
    void wakeSleeper() {
        Thread t = sleeper;
        if (t != null) {
            LockSupport.unpark(t);
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
            wakeSleeper();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return wq.name() + "/" + cpu;
    }
}
