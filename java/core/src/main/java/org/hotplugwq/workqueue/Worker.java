package org.hotplugwq.workqueue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

/**
 * A worker thread ({@code cwq->thread}, the kernel's {@code worker_thread()}): one per CPU per workqueue.
 *
 * <p>Its loop is the seed's: freeze if asked; sleep until there is work or {@code should_stop}; leave when
 * {@code should_stop} is set <em>and</em> the list is empty ({@code cwq_should_stop()} clears
 * {@code cwq->thread} under the lock, so {@code CPU_UP_PREPARE} either reuses this thread or sees it gone);
 * otherwise run the list.
 */
final class Worker implements Runnable {
    final CpuWorkqueue cwq;
    final Thread thread;
    final ExecutionRecord record = new ExecutionRecord();
    private final boolean bindAtStart;
    private final CountDownLatch started = new CountDownLatch(1);

    volatile int tid = -1;
    volatile WorkerState state;
    /** {@link HotplugPolicy#TAKEOVER}'s {@code kthread_stop()}: leave at the next loop top, work or not. */
    volatile boolean stopNow;
    boolean frozen; // guarded by the freezer's lock

    Worker(CpuWorkqueue cwq, WorkerState state, boolean bindAtStart, ThreadFactory factory) {
        this.cwq = cwq;
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
        Uninterruptibly.await(started);
    }

    @Override
    public void run() {
        WorkqueueSystem system = cwq.wq.system;
        boolean freezeable = cwq.wq.isFreezeable();
        try {
            tid = system.platform.currentThreadId();
            system.workerStarted(this);
            if (bindAtStart) {
                system.bind(this, cwq.cpu);
            }
        } finally {
            started.countDown();
        }
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
                system.runWorkqueue(cwq, this);
            }
        } finally {
            cwq.lock.lock();
            try {
                if (cwq.worker == this) { // died of an Error mid-work: let flush, destroy and UP_PREPARE see it gone
                    cwq.worker = null;
                    cwq.currentWork = null;
                    cwq.runDepth = 0;
                }
            } finally {
                cwq.lock.unlock();
            }
            system.workerExited(this);
        }
    }

    @Override
    public String toString() {
        return thread.getName() + "[tid " + tid + ", " + state + "]";
    }
}
