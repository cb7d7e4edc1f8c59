package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a thread of one {@link WorkqueueSystem} waits for a {@link WorkBarrier}: what a plain
 * {@code wait_for_completion()} does, plus wait-cycle detection and the time limit of a timed flush.
 *
 * <p><b>Wait cycles.</b> A worker that waits for a barrier holds up its own queue: nothing behind its running work
 * runs until the wait ends. If the barrier sits on a queue whose worker waits, directly or through other workers,
 * for a barrier behind the first worker's running work, no wait of the cycle can ever end. The common case is two
 * works of one multi-threaded workqueue flushing it at once (each flush puts a barrier behind the other's running
 * work); the kernel deadlocks there without a word. Here each worker publishes the barrier it waits for
 * ({@link Worker#waitingFor}), and before it waits it follows, under one lock per system, the chain barrier → its
 * queue's worker → the barrier that worker waits for → …; if the chain comes back to itself, the wait throws
 * {@link IllegalStateException} instead of starting. The last waiter to arrive sees the whole cycle, so exactly
 * that one throws: its work ends and the others go on. Only barriers of one system are followed. A barrier of a
 * workqueue being destroyed never throws (a destroy half done cannot be undone): a cycle that destroy closes is
 * still a deadlock.
 *
 * <p><b>Time limits.</b> {@link Workqueue#flushWithin} gives the calling thread a deadline that its
 * barrier waits honour, and an interrupt ends them; works the call runs inline (a work flushing its own workqueue)
 * do not inherit it.
 *
 * <p>Fields: the lock guards the walk, not the fields it reads (each [V]): a chain is acted on only when every
 * barrier in it is still pending, which a worker that has stopped waiting cannot leave behind.
 */
final class Waits {
    private final WorkqueueSystem system;
    private final ReentrantLock cycleLock = new ReentrantLock(); // [W]
    private final ThreadLocal<Deadline> deadlines = new ThreadLocal<>(); // each thread's own

    /** The deadline of one timed call, for the waits of the run depth it was made at. */
    private static final class Deadline {
        final long atNanos;
        final int runDepth; // -1: not a worker

        Deadline(long atNanos, int runDepth) {
            this.atNanos = atNanos;
            this.runDepth = runDepth;
        }
    }

    /** Unwinds a timed call whose deadline passed; no stack trace (it is caught by {@link #within}). */
    private static final class OutOfTime extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Deadline deadline;

        OutOfTime(Deadline deadline, InterruptedException interrupt) {
            super(null, interrupt, false, false);
            this.deadline = deadline;
        }
    }

    Waits(WorkqueueSystem system) {
        this.system = system;
    }

    /**
     * Runs {@code body} (a flush) with its barrier waits limited to {@code timeout}.
     *
     * @return false if a wait was still pending when the time was up
     * @throws InterruptedException if the thread was interrupted before or during a wait
     */
    boolean within(long timeout, TimeUnit unit, Runnable body) throws InterruptedException {
        long nanos = Math.min(unit.toNanos(timeout), Long.MAX_VALUE >> 2);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Worker me = system.currentWorker();
        Deadline deadline = new Deadline(System.nanoTime() + nanos, me == null ? -1 : me.cwq.runDepth);
        Deadline outer = deadlines.get();
        deadlines.set(deadline);
        try {
            body.run();
            return true;
        } catch (OutOfTime e) {
            if (e.deadline != deadline) {
                throw e;
            }
            if (e.getCause() != null) {
                InterruptedException interrupted = new InterruptedException("interrupted while flushing");
                interrupted.initCause(e.getCause());
                throw interrupted;
            }
            return false;
        } finally {
            if (outer == null) {
                deadlines.remove();
            } else {
                deadlines.set(outer);
            }
        }
    }

    /** {@code wait_for_completion(&barr->done)}: see the class comment. */
    void await(WorkBarrier barrier, CountDownLatch done) {
        Worker me = system.currentWorker();
        Deadline deadline = deadlines.get();
        if (deadline != null && deadline.runDepth != (me == null ? -1 : me.cwq.runDepth)) {
            deadline = null; // an outer call's: this wait belongs to a work run inline
        }
        if (me == null) {
            waitFor(done, deadline);
            return;
        }
        enter(me, barrier);
        try {
            waitFor(done, deadline);
        } finally {
            me.waitingFor = null;
        }
    }

    private static void waitFor(CountDownLatch done, Deadline deadline) {
        if (deadline == null) {
            Uninterruptibly.await(done);
            return;
        }
        try {
            if (!done.await(deadline.atNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                throw new OutOfTime(deadline, null);
            }
        } catch (InterruptedException e) {
            throw new OutOfTime(deadline, e);
        }
    }

    /** Publishes that {@code me} waits for {@code barrier}, unless that closes a cycle. */
    private void enter(Worker me, WorkBarrier barrier) {
        cycleLock.lock();
        try {
            me.waitingFor = barrier;
            String cycle = cycleBack(me, barrier);
            if (cycle != null && !barrier.cwq.wq.isDestroying()) {
                me.waitingFor = null;
                throw new IllegalStateException("waiting for " + barrier.cwq + " from a work of " + me.cwq
                        + " would deadlock: " + cycle + " (each waits for the work the next is running; README,"
                        + " \"Waiting from a work\")");
            }
        } finally {
            cycleLock.unlock();
        }
    }

    /** Under the lock: the chain from {@code first} back to {@code me} as text, or null if it does not return. */
    private String cycleBack(Worker me, WorkBarrier first) {
        StringBuilder chain = new StringBuilder(me.cwq.toString());
        WorkBarrier b = first;
        for (int hops = system.liveWorkerCount() + 1; hops > 0 && b != null && !b.isDone(); hops--) {
            CpuWorkqueue q = b.cwq;
            Worker w = q == null ? null : q.worker;
            if (w == null) {
                return null; // a queue with no worker: it waits for hotplug or destroy, not for a cycle
            }
            chain.append(" waits for ").append(q);
            if (w == me) {
                return chain.toString();
            }
            b = w.waitingFor;
        }
        return null;
    }
}
