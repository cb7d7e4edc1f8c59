package org.hotplugwq.workqueue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.hotplugwq.jfr.StrandedWorkEvent;
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
    private final Work head = new ListHead(); // list sentinel of cwq->worklist; its links [Q]

    Work currentWork;          // cwq->current_work [Q]: the innermost of the running works
    /**
     * [Q] The works this queue's worker is running, outermost first: more than one while a work runs the queue
     * inline (it flushed its own workqueue), the kernel's {@code current_work} as a stack. Grown, never shrunk.
     */
    private Work[] running = new Work[4];
    /** [Q] Per running work, the chain of barriers a nested run reached and deferred until that work finishes. */
    private WorkBarrier[] deferred = new WorkBarrier[4];
    private int runningCount; // [Q]
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
    private boolean corrupt;   // [Q] a worker found the list corrupt (reported once)

    CpuWorkqueue(Workqueue wq, int cpu) {
        this.wq = wq;
        this.cpu = cpu;
    }

    /**
     * The sentinel of a queue's list: never runnable. Reaching one as a work means the list is corrupt; the
     * worker that does reports it once ({@link #removeFirst()}) instead of running it.
     */
    private static final class ListHead extends Work {
        ListHead() {
            super(w -> {
                throw new IllegalStateException("a list head was run");
            }, true);
        }
    }

    /** What a worker throws, once, on finding its list corrupt: it logs it, stops, and never runs a list head. */
    static final class CorruptListException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CorruptListException(String message) {
            super(message);
        }
    }

    boolean isEmpty() {
        return head.next == head;
    }

    /**
     * {@code insert_work()}: at the tail, or right after the running work (head) for a flush_work barrier. The
     * work names this queue before it is linked (see {@link Work#next}).
     */
    void insert(Work work, boolean tail) {
        Work before = tail ? head.prev : head;
        Work after = before.next;
        work.cwq = this;
        work.prev = before;
        work.publishNext(after);
        before.next = work;
        after.prev = work;
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
        work.cwq = this;
        work.prev = before;
        work.publishNext(head);
        before.next = work;
        head.prev = work;
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

    /**
     * Under [Q]: takes the first work off the list (not empty).
     *
     * @throws CorruptListException when the list leads to a list head other than its own: it is corrupt, and
     *     running on would run that head (counted in {@link WorkqueueStats#listCorruptions()})
     */
    Work removeFirst() {
        Work w = head.next;
        if (w instanceof ListHead) {
            CorruptListException e = new CorruptListException(this + ": the list is corrupt: it leads to "
                    + "another queue's head; the worker stops rather than run it");
            if (!corrupt) { // once per queue, however many workers try it
                corrupt = true;
                wq.system.counters.listCorruptions.increment();
                LOG.error("{}", e.getMessage(), e);
            }
            throw e;
        }
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

    /**
     * For tests: what is wrong with the list now, or null when it is sound — every link mirrored, every work on
     * it naming this queue as its {@code cwq}, no other queue's head on it, no cycle that misses the head.
     */
    String listDefect() {
        lock.lock();
        try {
            Work prev = head;
            int n = 0;
            for (Work w = head.next; w != head; prev = w, w = w.next) {
                if (w.prev != prev) {
                    return this + ": work #" + n + " does not point back to its predecessor";
                }
                if (w instanceof ListHead) {
                    return this + ": another queue's list head is linked at #" + n;
                }
                if (w.cwq != this) {
                    return this + ": work #" + n + " names " + w.cwq + " as its queue";
                }
                if (++n > 10_000_000) {
                    return this + ": a cycle that misses the head";
                }
            }
            return head.prev == prev ? null : this + ": the head does not point back to the last work";
        } finally {
            lock.unlock();
        }
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
     * {@link #markStopping()} for {@link HotplugPolicy#DRAIN}'s {@code CPU_DEAD}, the wake left to the caller (a
     * wake that the woken thread answers by preempting the callback costs it tens of µs): returns the worker if it
     * sleeps (it must be woken to exit); a worker running a work is added to {@code running} instead (it will see
     * {@code should_stop} by itself, and can wake the sleeping ones: {@link #handWakesTo}).
     */
    Worker markStoppingWakeLater(List<Worker> running) {
        lock.lock();
        try {
            Worker w = worker;
            if (w == null) {
                return null;
            }
            shouldStop = true;
            w.state = WorkerState.DRAINING;
            if (sleeper != null) {
                return w;
            }
            if (runningCount > 0) {
                running.add(w);
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands {@code toWake} to worker {@code w} of this queue, which unparks them at its next work boundary or
     * before it would sleep; false (nothing handed) when {@code w} is no longer this queue's worker. With
     * {@code mustBeRunning}, also false unless it is running a work now (it then surely reaches a boundary).
     */
    boolean handWakesTo(Worker w, List<Worker> toWake, boolean mustBeRunning) {
        lock.lock();
        try {
            if (worker != w || (mustBeRunning && (runningCount == 0 || sleeper != null))) {
                return false;
            }
            w.handOverWakes(toWake);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code cleanup_workqueue_thread()}: {@code should_stop}, a barrier at the tail, and wait until the thread is
     * gone. A queue left with work but no thread (stranded on a CPU that is down) gets a thread that drains it, so
     * destroy never loses work.
     *
     * <p>The kernel waits for the barrier, then for the thread. Here the join alone waits for both (the barrier is
     * still queued, in the kernel's order): the thread exits only once its queue is empty with {@code should_stop}
     * set, the barrier run, and the join follows any thread that replaced it. The join also ends when the thread
     * died of an Error and nothing could replace it, where a wait for the barrier would never end:
     * {@code finishDestroy}'s second pass then finds the work stranded and starts a thread for it.
     */
    void cleanup() {
        Worker w;
        lock.lock();
        try {
            if (corrupt) {
                LOG.error("{}: list corrupt (reported above); destroy abandons what is on it", this);
                return;
            }
            if (worker == null && !isEmpty()) {
                RuntimeException failure;
                lock.unlock();
                try {
                    LOG.info("{}: stranded work left at destroy; starting a thread to drain it", this);
                    failure = startWorker(WorkerState.DRAINING, false);
                } finally {
                    lock.lock();
                }
                if (failure != null) {
                    LOG.error("{}: no thread can drain it; destroy abandons the {} item(s) left queued", this, size(),
                            failure);
                    return;
                }
            }
            w = worker;
            if (w != null) {
                insertBarrier(true, 0);
                shouldStop = true;
                w.state = WorkerState.DRAINING;
            }
        } finally {
            lock.unlock();
        }
        if (w != null) {
            w.join();
        }
    }

    // ------------------------------------------------------------------ queuing and waiting

    /** {@link #tryQueue}: the work is queued. */
    static final int QUEUED = 0;
    /** {@link #tryQueue}: not queued: no worker, and the CPU is down (the caller read it before it went). */
    static final int CPU_GONE = 1;
    /** {@link #tryQueue}: not queued: no worker, and destroy has passed over every queue: nothing would run it. */
    static final int REFUSED = 2;

    /**
     * {@code __queue_work()}: queues {@code work}, whose pending bit is the caller's, unless this queue has no
     * worker and nothing ever would run it here. Under the queue lock it checks, for a queue without a worker:
     * that destroy has not passed over the queues already ({@link #REFUSED}), and, when {@code cpuBound} (the
     * caller queues on the CPU it read as its own, as {@code queue_work()} does with preemption disabled), that
     * the CPU is still up ({@link #CPU_GONE}): the offline that {@code get_cpu()} holds off in the kernel.
     * A queue that still has a worker always takes the work: that worker runs it, draining if need be.
     *
     * @return {@link #QUEUED}, {@link #CPU_GONE} or {@link #REFUSED}; the caller still owns the pending bit unless
     *     QUEUED
     */
    int tryQueue(Work work, boolean cpuBound) {
        Thread toWake;
        lock.lock();
        try {
            if (worker == null) {
                WorkqueueSystem system = wq.system;
                // A CPU that came up before our CPU_UP_PREPARE (the detection window) can queue work here: flush
                // and destroy walk cpu_populated_map, so it must be there for them to see this work. Marked
                // before reading `refusing`: destroy sets that, then reads the map.
                system.markPopulated(cpu);
                if (wq.refusing) {
                    return REFUSED;
                }
                if (cpuBound && !wq.isSingleThreaded() && !system.onlineCpus().contains(cpu)) {
                    return CPU_GONE;
                }
            }
            toWake = queueLocked(work);
        } finally {
            lock.unlock();
        }
        if (toWake != null) {
            LockSupport.unpark(toWake); // after the unlock: the worker wakes to a free lock
        }
        return QUEUED;
    }

    /** Under [Q]: queues {@code work} at the tail; returns the sleeping worker to wake, or null. */
    private Thread queueLocked(Work work) {
        work.queuedCpu = cpu;
        work.movedByTakeover = false;
        work.stranded = worker == null;
        if (work.stranded) { StrandedWorkEvent.emit(wq.name(), cpu); } // rare: JFR checked off the common path
        if (wq.system.observer != null) {
            work.queuedNanos = System.nanoTime();
        }
        return insertTail(work);
    }

    /**
     * Under [Q]: {@code insert_wq_barrier()}: at the tail (flush), or right after the running work (flush_work);
     * it also waits for the running works from {@code waitIndex} up.
     */
    WorkBarrier insertBarrier(boolean tail, int waitIndex) {
        if (corrupt) { // nothing on it will run: a wait for a barrier would never end
            throw new CorruptListException(this + ": the list is corrupt (see the error logged when found)");
        }
        WorkBarrier barrier = WorkBarrier.create(this, waitIndex);
        insert(barrier, tail);
        return barrier;
    }

    // ------------------------------------------------------------------ the running works

    /** Under [Q]: {@code work} starts running on this queue's worker, inside those running already. */
    void pushRunning(Work work) {
        if (runningCount == running.length) {
            running = Arrays.copyOf(running, runningCount * 2);
            deferred = Arrays.copyOf(deferred, runningCount * 2);
        }
        running[runningCount++] = work;
        currentWork = work;
    }

    /** Under [Q]: the innermost running work has finished; the barriers deferred to it complete. */
    void popRunning() {
        int i = --runningCount;
        running[i] = null;
        currentWork = i > 0 ? running[i - 1] : null;
        WorkBarrier b = deferred[i];
        deferred[i] = null;
        while (b != null) {
            WorkBarrier next = b.nextDeferred;
            b.nextDeferred = null;
            b.complete();
            b = next;
        }
    }

    /** Under [Q]: how many works run on this queue's worker now, nested ones included. */
    int runningCount() {
        return runningCount;
    }

    /**
     * Under [Q], for a barrier the worker just took off the list: if running works it waits for are still running
     * (the worker reached it in a run nested in them), defers it to the outermost of those and returns true;
     * false means it completes now, by running.
     */
    boolean deferIfNested(WorkBarrier b) {
        if (b.insertedOn != this || runningCount <= b.waitIndex) {
            return false;
        }
        b.nextDeferred = deferred[b.waitIndex];
        deferred[b.waitIndex] = b;
        return true;
    }

    /** Under [Q]: the index of the outermost running instance of {@code work}, or -1. */
    private int runningIndex(Work work) {
        for (int i = 0; i < runningCount; i++) {
            if (running[i] == work) {
                return i;
            }
        }
        return -1;
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
            if (!isEmpty() || runningCount > 0) {
                barrier = insertBarrier(true, 0);
            }
        } finally {
            lock.unlock();
        }
        if (barrier != null) {
            barrier.await();
        }
    }

    /**
     * {@code wait_on_work()}: if {@code work} is running here — innermost, or running the queue inline inside it
     * — a barrier right after the innermost running work, completed once {@code work} has finished.
     */
    void waitOnWork(Work work) {
        WorkBarrier barrier = null;
        lock.lock();
        try {
            int index = runningIndex(work);
            if (index >= 0) {
                Worker w = worker;
                if (w != null && w.thread == Thread.currentThread()) {
                    LOG.warn("{}: flush_work() of the running work from itself; not waiting", this);
                    return;
                }
                barrier = insertBarrier(false, index);
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
