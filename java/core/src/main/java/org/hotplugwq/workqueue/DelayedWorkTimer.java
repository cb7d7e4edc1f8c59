package org.hotplugwq.workqueue;

import java.util.Arrays;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of delayed works: one thread and a binary heap ordered by expiry, the heap links living in
 * the {@link DelayedWork} itself, so arming allocates nothing (the array grows now and then).
 *
 * <p>A timer fires by queuing its work while holding the timer lock, so that {@link #disarm} returning
 * false means "already on a queue" — the guarantee {@code del_timer_sync()} gives
 * {@code cancel_delayed_work()} callers who then flush.
 */
final class DelayedWorkTimer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DelayedWorkTimer.class);

    private final WorkqueueSystem system;
    private final ReentrantLock lock = new ReentrantLock(); // [T]
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private DelayedWork[] heap = new DelayedWork[64]; // [T]
    private int size;                                 // [T]
    private boolean closed;                           // [T]

    DelayedWorkTimer(WorkqueueSystem system, ThreadFactory factory) {
        this.system = system;
        this.thread = factory.newThread(this);
        thread.setName("wq-timer");
        thread.setDaemon(true);
        thread.start();
    }

    void arm(DelayedWork dw, Workqueue wq, int cpu, long delayNanos) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("workqueue system is closed");
            }
            dw.timerQueue = wq;
            dw.timerCpu = cpu;
            dw.expiresAtNanos = System.nanoTime() + delayNanos;
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = dw;
            dw.heapIndex = size;
            siftUp(size++);
            if (dw.heapIndex == 0) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean disarm(DelayedWork dw) {
        lock.lock();
        try {
            int i = dw.heapIndex;
            if (i < 0 || i >= size || heap[i] != dw) { // not armed here (maybe on another system's timer)
                return false;
            }
            removeAt(i);
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean isArmed(DelayedWork dw) {
        lock.lock();
        try {
            int i = dw.heapIndex;
            return i >= 0 && i < size && heap[i] == dw;
        } finally {
            lock.unlock();
        }
    }

    /** Fires now every timer aimed at {@code wq}: destroy_workqueue() runs everything already queued. */
    int expedite(Workqueue wq) {
        lock.lock();
        try {
            int fired = 0;
            for (int i = 0; i < size; ) {
                if (heap[i].timerQueue == wq) {
                    DelayedWork dw = heap[i];
                    removeAt(i); // reshuffles the heap: look again from the top
                    fire(dw);
                    fired++;
                    i = 0;
                } else {
                    i++;
                }
            }
            return fired;
        } finally {
            lock.unlock();
        }
    }

    int armedCount() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        lock.lock();
        try {
            while (!closed) {
                if (size == 0) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                DelayedWork first = heap[0];
                long wait = first.expiresAtNanos - System.nanoTime();
                if (wait > 0) {
                    try {
                        changed.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // close() wakes us through the condition; keep going
                    }
                    continue;
                }
                removeAt(0);
                fire(first);
            }
        } finally {
            lock.unlock();
        }
    }

    private void fire(DelayedWork dw) {
        try {
            system.timerFired(dw);
        } catch (RuntimeException e) {
            LOG.error("delayed work timer handler failed", e);
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            if (size > 0) {
                LOG.warn("{} delayed work timers still armed at close; they will not fire", size);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- binary heap on expiresAtNanos (compared by difference: nanoTime may wrap) ---

    private static boolean before(DelayedWork a, DelayedWork b) {
        return a.expiresAtNanos - b.expiresAtNanos < 0;
    }

    private void removeAt(int i) {
        DelayedWork removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            DelayedWork moved = heap[last];
            heap[i] = moved;
            moved.heapIndex = i;
            heap[last] = null;
            siftDown(i);
            if (heap[i] == moved) {
                siftUp(i);
            }
        } else {
            heap[last] = null;
        }
    }

    private void siftUp(int i) {
        DelayedWork x = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            DelayedWork p = heap[parent];
            if (!before(x, p)) {
                break;
            }
            heap[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        heap[i] = x;
        x.heapIndex = i;
    }

    private void siftDown(int i) {
        DelayedWork x = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], x)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].heapIndex = i;
            i = child;
        }
        heap[i] = x;
        x.heapIndex = i;
    }
}
