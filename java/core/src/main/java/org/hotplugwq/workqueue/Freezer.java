package org.hotplugwq.workqueue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process freezer as freezeable workqueues see it ({@code try_to_freeze()}, {@code freeze_processes()},
 * {@code thaw_processes()}): workers of freezeable workqueues park at a work boundary while freezing.
 */
final class Freezer {
    private final ReentrantLock lock = new ReentrantLock(); // [F]; also guards Worker.frozen
    private final Condition changed = lock.newCondition();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet(); // [V] concurrent set
    private volatile boolean freezing; // [V] set by freeze() (no lock), cleared by thaw() under [F]

    boolean isFreezing() {
        return freezing;
    }

    void register(Worker w) {
        workers.add(w);
    }

    void unregister(Worker w) {
        workers.remove(w);
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@code try_to_freeze()}: on the worker thread, at the top of its loop. */
    void tryToFreeze(Worker w) {
        if (!freezing) {
            return;
        }
        lock.lock();
        try {
            w.frozen = true;
            changed.signalAll();
            while (freezing) {
                changed.awaitUninterruptibly();
            }
            w.frozen = false;
        } finally {
            lock.unlock();
        }
    }

    /** Asks every freezeable worker to freeze and waits until all are frozen, or the timeout passes. */
    boolean freeze(long timeout, TimeUnit unit) throws InterruptedException {
        freezing = true;
        for (Worker w : workers) {
            w.cwq.wake(); // out of its more_work sleep, to the top of its loop
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lock();
        try {
            while (!allFrozen()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean allFrozen() {
        for (Worker w : workers) {
            if (!w.frozen) {
                return false;
            }
        }
        return true;
    }

    int frozenCount() {
        lock.lock();
        try {
            int n = 0;
            for (Worker w : workers) {
                n += w.frozen ? 1 : 0;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    void thaw() {
        lock.lock();
        try {
            freezing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
