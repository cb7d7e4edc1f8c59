package org.hotplugwq.workqueue;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One workqueue's queue for one CPU: the kernel's {@code struct cpu_workqueue_struct}, with the sequences that
 * run under its lock — start or reuse its thread, mark it stopping, insert a work or a barrier — and the waits
 * built on them ({@code flush_cpu_workqueue()}, {@code wait_on_work()}, {@code cleanup_workqueue_thread()}).
 * Field tags: see the package's locking legend.
 */
final class CpuWorkqueue extends CacheLinePadding {
    private static final Logger LOG = LoggerFactory.getLogger(CpuWorkqueue.class);

    final Workqueue wq;
    final int cpu;
    final ReentrantLock lock = new ReentrantLock(); // cwq->lock
    private final Work head = new Work(null, true); // list sentinel of cwq->worklist; its links [Q]

    Work currentWork;          // cwq->current_work [Q]
    boolean shouldStop;        // cwq->should_stop [Q]
    /**
     * {@code cwq->more_work} [Q]: the worker parked in {@link #awaitMoreWork()}, or null. A plain park rather than
     * a {@code Condition}: {@code Condition.await} allocates a queue node at every sleep (the kernel's wait
     * entry lives on the stack), which made an idle-then-busy worker allocate on the queuing hot path. One
     * waiter at most: only the cwq's worker thread sleeps here.
     */
    private Thread sleeper;
    /** {@code cwq->thread} [V]: written under [Q]; read without it ({@code cwq->thread == current}, as the kernel). */
    volatile Worker worker;
    int runDepth;              // cwq->run_depth [Q]

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

    /** Under [Q]: the number of works and barriers waiting. */
    int size() {
        int n = 0;
        for (Work w = head.next; w != head; w = w.next) {
            n++;
        }
        return n;
    }

    /** {@link #wakeSleeper()} from outside the lock. */
    void wake() {
        lock.lock();
        try {
            wakeSleeper();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ its thread

    /**
     * {@code create_workqueue_thread()}: clears {@code should_stop} and keeps a thread still there (draining, or
     * unbound), giving it {@code state}; or starts a new one.
     *
     * @return null on success, else why the thread could not be made
     */
    RuntimeException startWorker(WorkerState state, boolean bindAtStart) {
        return startWorker(state, bindAtStart, true);
    }

    /**
     * As above; without {@code await} a new thread may not know its tid yet on return: the caller then calls
     * {@link #awaitWorkerStarted()} (so a CPU's threads of every workqueue start at once).
     */
    RuntimeException startWorker(WorkerState state, boolean bindAtStart, boolean await) {
        Worker w;
        lock.lock();
        try {
            shouldStop = false;
            w = worker;
            if (w != null) {
                w.state = state;
                return null;
            }
            try {
                w = new Worker(this, state, bindAtStart, wq.system.threadFactory);
            } catch (RuntimeException | OutOfMemoryError e) {
                return asRuntimeException(e);
            }
            worker = w;
        } finally {
            lock.unlock();
        }
        try {
            if (await) {
                w.start();
            } else {
                w.startThread();
            }
            return null;
        } catch (RuntimeException | OutOfMemoryError e) {
            lock.lock();
            try {
                if (worker == w) {
                    worker = null;
                }
            } finally {
                lock.unlock();
            }
            return asRuntimeException(e);
        }
    }

    private static RuntimeException asRuntimeException(Throwable e) {
        return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
    }

    /** Returns once this queue's worker, if any, knows its tid (after a start without waiting). */
    void awaitWorkerStarted() {
        Worker w = worker;
        if (w != null) {
            w.awaitStarted();
        }
    }

    /**
     * {@code CPU_ONLINE}: pins the worker ({@code set_cpus_allowed(cwq->thread, cpumask_of_cpu(cpu))}); a
     * workqueue created without seeing {@code CPU_UP_PREPARE} gets its thread now.
     */
    void bindOrStartWorker() {
        Worker w = worker;
        if (w == null) {
            startWorker(WorkerState.BOUND, true);
            return;
        }
        w.bind();
    }

    /**
     * Sets {@code should_stop} and wakes the worker, which drains its list unbound, then exits.
     *
     * @return whether there was a worker to stop
     */
    boolean markStopping() {
        Thread toWake;
        lock.lock();
        try {
            Worker w = worker;
            if (w == null) {
                return false;
            }
            shouldStop = true;
            w.state = WorkerState.DRAINING;
            toWake = sleeper;
        } finally {
            lock.unlock();
        }
        if (toWake != null) {
            LockSupport.unpark(toWake); // wake_up_process(), once the lock is free
        }
        return true;
    }

    /**
     * {@code cleanup_workqueue_thread()}: a barrier at the tail, {@code should_stop}, wait for the barrier and
     * for the thread to be gone. A queue left with work but no thread (stranded on a CPU that is down) gets a
     * thread that drains it, so destroy never loses work.
     */
    void cleanup() {
        Worker w;
        WorkBarrier barrier = null;
        lock.lock();
        try {
            if (worker == null && !isEmpty()) {
                lock.unlock();
                try {
                    LOG.info("{}: stranded work left at destroy; starting a thread to drain it", this);
                    startWorker(WorkerState.DRAINING, false);
                } finally {
                    lock.lock();
                }
            }
            w = worker;
            if (w != null) {
                barrier = insertBarrier(true);
                shouldStop = true;
                w.state = WorkerState.DRAINING;
            }
        } finally {
            lock.unlock();
        }
        if (w != null) {
            barrier.await();
            w.join();
        }
    }

    // ------------------------------------------------------------------ queuing and waiting

    /** {@code __queue_work()}: the pending bit is already the caller's. */
    void queue(Work work) {
        Thread toWake;
        lock.lock();
        try {
            toWake = queueLocked(work);
        } finally {
            lock.unlock();
        }
        if (toWake != null) {
            LockSupport.unpark(toWake); // after the unlock: the worker wakes to a free lock
        }
    }

    /** Under [Q]: queues {@code work} at the tail; returns the sleeping worker to wake, or null. */
    Thread queueLocked(Work work) {
        work.queuedCpu = cpu;
        work.movedByTakeover = false;
        work.stranded = worker == null;
        WorkqueueSystem system = wq.system;
        if (work.stranded) {
            // A CPU that came up before our CPU_UP_PREPARE (the detection window) can queue work here: flush and
            // destroy walk cpu_populated_map, so it must be there for them to see this work.
            system.markPopulated(cpu);
        }
        if (system.observer != null) {
            work.queuedNanos = System.nanoTime();
        }
        return insertTail(work);
    }

    /** Under [Q]: {@code insert_wq_barrier()}: at the tail (flush), or right after the running work (flush_work). */
    WorkBarrier insertBarrier(boolean tail) {
        WorkBarrier barrier = WorkBarrier.create();
        insert(barrier, tail);
        return barrier;
    }

    /**
     * {@code flush_cpu_workqueue()}: returns once everything on the queue now has run. From the queue's own
     * worker (a work flushing its own workqueue) the queue is run inline instead, or it would wait for itself.
     */
    void flush() {
        Worker w = worker;
        if (w != null && w.thread == Thread.currentThread()) {
            w.runWorkqueue(); // S11
            return;
        }
        WorkBarrier barrier = null;
        lock.lock();
        try {
            if (!isEmpty() || currentWork != null) {
                barrier = insertBarrier(true);
            }
        } finally {
            lock.unlock();
        }
        if (barrier != null) {
            barrier.await();
        }
    }

    /** {@code wait_on_work()}: a barrier right after the running instance of {@code work}, if it is running here. */
    void waitOnWork(Work work) {
        WorkBarrier barrier = null;
        lock.lock();
        try {
            if (currentWork == work) {
                Worker w = worker;
                if (w != null && w.thread == Thread.currentThread()) {
                    LOG.warn("{}: flush_work() of the running work from itself; not waiting", this);
                    return;
                }
                barrier = insertBarrier(false);
            }
        } finally {
            lock.unlock();
        }
        if (barrier != null) {
            barrier.await();
        }
    }

    @Override
    public String toString() {
        return wq.name() + "/" + cpu;
    }
}
