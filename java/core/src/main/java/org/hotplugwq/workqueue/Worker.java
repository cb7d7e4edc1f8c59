package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.hotplugwq.cpu.AffinityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker thread ({@code cwq->thread}, the kernel's {@code worker_thread()}): one per CPU per workqueue.
 *
 * <p>Its loop is the seed's: freeze if asked; sleep until there is work or {@code should_stop}; leave when
 * {@code should_stop} is set <em>and</em> the list is empty ({@code cwq_should_stop()} clears
 * {@code cwq->thread} under the lock, so {@code CPU_UP_PREPARE} either reuses this thread or sees it gone);
 * otherwise run the list ({@code run_workqueue()}). Field tags: see the package's locking legend.
 */
final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    static final int RUN_DEPTH_WARNING = 3;

    final CpuWorkqueue cwq;
    final Thread thread;
    /** Written by this thread only, handed to the observer. */
    final ExecutionRecord record = new ExecutionRecord();
    private final WorkqueueSystem system;
    private final boolean bindAtStart;
    private final CountDownLatch started = new CountDownLatch(1);

    /** [V] written once by this thread before {@link #start()} returns. */
    volatile int tid = -1;
    /** [V] written by the hotplug callback [H], by {@code cwq} sequences under [Q] and by {@link #bind()}. */
    volatile WorkerState state;
    /** [V] {@link HotplugPolicy#TAKEOVER}'s {@code kthread_stop()}: leave at the next loop top, work or not. */
    volatile boolean stopNow;
    /** [V] written by this thread before it dies of an Error: the worker that took its queue over. */
    volatile Worker replacedBy;
    /** [V] written by this thread: the barrier it waits for now, or null (see {@link Waits}). */
    volatile WorkBarrier waitingFor;
    boolean frozen; // [F]

    Worker(CpuWorkqueue cwq, WorkerState state, boolean bindAtStart, ThreadFactory factory) {
        this.cwq = cwq;
        this.system = cwq.wq.system;
        this.state = state;
        this.bindAtStart = bindAtStart;
        Workqueue wq = cwq.wq;
        this.thread = factory.newThread(this);
        thread.setName(wq.isSingleThreaded() ? wq.name() : wq.name() + "/" + cwq.cpu);
        thread.setDaemon(true);
    }

    /** Starts the thread and returns once it knows its tid (and, if asked, has pinned itself). */
    void start() {
        thread.start();
        awaitStarted();
    }

    /** Starts the thread without waiting: {@link #awaitStarted()} later, so several threads start at once. */
    void startThread() {
        thread.start();
    }

    /** Returns once the thread knows its tid (and, if asked, has pinned itself); at once after that. */
    void awaitStarted() {
        Uninterruptibly.await(started);
    }

    /**
     * {@code kthread_bind()} / {@code set_cpus_allowed()}: pins this thread to its queue's CPU; on failure it stays
     * unbound, counted and logged.
     */
    void bind() {
        try {
            system.platform.bindThread(tid, cwq.cpu);
            state = WorkerState.BOUND;
        } catch (AffinityException e) {
            system.counters.bindFailures.increment();
            state = WorkerState.UNBOUND;
            LOG.warn("{}: cannot pin to cpu{}: {}", this, cwq.cpu, e.getMessage());
        }
    }

    /**
     * Waits until the thread has exited, and the replacement it may have left (it died of an Error) too; from the
     * thread itself that would never return, so it throws.
     */
    void join() {
        if (thread == Thread.currentThread()) {
            throw new IllegalStateException(this + " cannot wait for itself to exit");
        }
        for (Worker w = this; w != null; w = w.replacedBy) {
            Uninterruptibly.join(w.thread);
        }
    }

    /** {@code kthread_stop()}: the thread finishes its current work, leaves the rest queued, and exits. */
    void stop() {
        if (thread == Thread.currentThread()) {
            throw new IllegalStateException(this + " cannot wait for itself to exit");
        }
        for (Worker w = this; w != null; w = w.replacedBy) { // replacedBy is set before the thread ends
            w.stopNow = true;
            cwq.wake();
            Uninterruptibly.join(w.thread);
        }
    }

    @Override
    public void run() {
        boolean freezeable = cwq.wq.isFreezeable();
        try {
            tid = system.platform.currentThreadId();
            system.workerStarted(this);
            if (bindAtStart) {
                bind();
            }
        } finally {
            started.countDown();
        }
        boolean corrupt = false;
        try {
            while (true) {
                if (freezeable) {
                    system.freezer.tryToFreeze(this);
                }
                cwq.lock.lock();
                try {
                    while (!cwq.shouldStop && !stopNow && cwq.isEmpty()
                            && !(freezeable && system.freezer.isFreezing())) {
                        cwq.awaitMoreWork();
                    }
                    if (stopNow || (cwq.shouldStop && cwq.isEmpty())) { // cwq_should_stop()
                        if (cwq.worker == this) {
                            cwq.worker = null;
                        }
                        return;
                    }
                } finally {
                    cwq.lock.unlock();
                }
                runWorkqueue();
            }
        } catch (CpuWorkqueue.CorruptListException e) {
            // reported where found; a worker that went on would run a list head, over and over
            corrupt = true;
        } finally {
            Worker replacement = null;
            cwq.lock.lock();
            try {
                if (cwq.worker == this) { // died of an Error mid-work, or stopped on a corrupt list
                    cwq.currentWork = null;
                    cwq.runDepth = 0;
                    replacement = corrupt ? null : replacementLocked(); // a replacement would meet the same head
                    cwq.worker = replacement;
                    replacedBy = replacement;
                }
            } finally {
                cwq.lock.unlock();
            }
            system.workerExited(this);
            if (replacement != null) {
                startReplacement(replacement);
            }
        }
    }

    /**
     * Under [Q], on a worker that dies of an Error: a new worker for its queue, so that what is queued behind the
     * fatal work runs and flush and destroy do not wait forever; null if none is needed (the queue was to stop
     * and is empty, or takeover is stopping it) or none can be made (the queue is then left thread-less).
     */
    private Worker replacementLocked() {
        if (stopNow || (cwq.shouldStop && cwq.isEmpty())) {
            return null;
        }
        WorkerState next = cwq.shouldStop ? WorkerState.DRAINING : state;
        try {
            return new Worker(cwq, next, next == WorkerState.BOUND, system.threadFactory);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("{}: worker died and no thread can replace it; its queue waits for destroy or hotplug", cwq, e);
            return null;
        }
    }

    private void startReplacement(Worker replacement) {
        try {
            replacement.start();
            LOG.warn("{}: worker died of an Error; {} took its queue over", cwq, replacement);
        } catch (RuntimeException | OutOfMemoryError e) {
            cwq.lock.lock();
            try {
                if (cwq.worker == replacement) {
                    cwq.worker = null;
                }
            } finally {
                cwq.lock.unlock();
            }
            LOG.error("{}: worker died and its replacement did not start; its queue waits for destroy or hotplug",
                    cwq, e);
        }
    }

    /**
     * {@code run_workqueue()}: on this thread, from its loop, or inline when a work flushes its own queue. A
     * barrier reached inline waits for the works running around the inline run (see {@link WorkBarrier}).
     */
    void runWorkqueue() {
        cwq.lock.lock();
        try {
            // Inline in a work that flushes its own queue: only this thread can run the queue, so it runs it all
            // even when takeover's kthread_stop() asked it to stop after the current work.
            boolean nested = cwq.runningCount() > 0;
            if (++cwq.runDepth > RUN_DEPTH_WARNING) {
                system.counters.runDepthWarnings.increment();
                LOG.warn("{}: run_workqueue recursion depth exceeded: {}", cwq, cwq.runDepth);
            }
            try {
                while (!cwq.isEmpty() && (nested || !stopNow)) { // kthread_stop() leaves the rest for takeover
                    Work work = cwq.removeFirst();
                    if (work instanceof WorkBarrier b && cwq.deferIfNested(b)) {
                        continue;
                    }
                    cwq.pushRunning(work);
                    cwq.lock.unlock();
                    try {
                        execute(work); // releases its pending bit (work_release())
                    } finally {
                        cwq.lock.lock();
                        cwq.popRunning();
                    }
                }
            } finally {
                cwq.runDepth--;
            }
        } finally {
            cwq.lock.unlock();
        }
    }

    /**
     * Runs one work taken off the queue, its pending bit still set. What its record takes from the queuing is read
     * first: once the bit is released ({@code work_release()}) the work may be queued again, which overwrites it.
     * The function starts with the thread's interrupt status clear, and what it leaves is cleared: an interrupt
     * never leaks into the next work. The status from before (an outer work's, in an inline run) is restored.
     */
    private void execute(Work work) {
        boolean interrupted = Thread.interrupted();
        try {
            ExecutionObserver obs = system.observer;
            if (obs == null || work.internal) {
                work.releasePending();
                try {
                    work.function.run(work);
                } catch (Throwable t) {
                    workFailed(work, t);
                }
                return;
            }
            executeObserved(work, obs);
        } finally {
            Thread.interrupted(); // whatever the work left
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void executeObserved(Work work, ExecutionObserver obs) {
        int queueCpu = work.queuedCpu;
        long queuedNanos = work.queuedNanos;
        boolean stranded = work.stranded;
        boolean moved = work.movedByTakeover;
        work.releasePending();
        long start = System.nanoTime();
        int startCpu = system.platform.currentCpu();
        // The state is read after the start time and CPU: a hotplug callback changes it (BOUND -> DRAINING /
        // UNBOUND at CPU_DEAD) before it returns, so a BOUND sample proves this start came before the
        // callback returned. The stress harness's detection window closes there, with no slack.
        WorkerState sampled = moved ? WorkerState.MOVED_BY_TAKEOVER : state;
        Throwable failure = null;
        try {
            work.function.run(work);
        } catch (Throwable t) {
            failure = t;
            workFailed(work, t);
        }
        int endCpu = system.platform.currentCpu();
        long end = System.nanoTime();
        ExecutionRecord r = record; // filled after the function: a nested run may have used it
        r.workqueue = cwq.wq;
        r.work = work;
        r.queueCpu = queueCpu;
        r.startCpu = startCpu;
        r.endCpu = endCpu;
        r.state = sampled;
        r.queuedNanos = queuedNanos;
        r.startNanos = start;
        r.endNanos = end;
        r.workerTid = tid;
        r.stranded = stranded;
        r.failure = failure;
        try {
            obs.executed(r);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.error("execution observer failed", e);
        }
    }

    private void workFailed(Work work, Throwable t) {
        system.counters.workFailures.increment();
        try {
            system.failureHandler.workFailed(cwq.wq, cwq.cpu, work, t);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.error("work failure handler failed", e);
        }
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
            throw (VirtualMachineError) t; // out of memory and the like: the worker's exit path cleans up
        }
    }

    @Override
    public String toString() {
        return thread.getName() + "[tid " + tid + ", " + state + "]";
    }
}
