package org.hotplugwq.hotplug;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * The kernel's {@code cpus_read_lock()} / {@code cpus_write_lock()} for the hotplug <em>this process</em>
 * performs: while any thread holds the read side, a transition ({@link HotplugController}, a stress machine)
 * waits before changing any CPU; while one changes a CPU, readers wait. The one hotplug lock of a process's
 * hotplug: a {@link HotplugBridge} owns one, and everything that hotplugs through that bridge takes its write side.
 *
 * <p>It cannot hold back hotplug done by someone else (another shell writing {@code cpuN/online}): such
 * a change has already happened when any source sees it, so event sources never take this lock and
 * {@code CPU_DEAD} for an external offline arrives even while readers hold it.
 *
 * <p>Notifier callbacks run on the bridge thread; there {@link #readLock()} is a no-op (as in the kernel,
 * where a notifier runs inside the writer and must not take the read side again), so a callback can
 * call code that takes the read lock without deadlocking against the writer that is waiting on it.
 * Fair: a waiting writer stops new readers from starving it (like the kernel's percpu-rwsem).
 * The write side is reentrant (a stress machine's transition may go through the controller).
 */
public final class CpuHotplugLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final BooleanSupplier onNotifierThread;

    /** A held read side; {@link #close()} releases it (use try-with-resources, same thread). */
    public interface ReadHold extends AutoCloseable {
        @Override
        void close();
    }

    /** A held write side; {@link #close()} releases it (use try-with-resources, same thread). */
    public interface WriteHold extends AutoCloseable {
        @Override
        void close();
    }

    /** A lock with no notifier thread of its own (a machine that calls its notifier on the writer's thread). */
    public CpuHotplugLock() {
        this(() -> false);
    }

    /** @param onNotifierThread whether the calling thread is the one notifiers run on (read side: no-op there) */
    CpuHotplugLock(BooleanSupplier onNotifierThread) {
        this.onNotifierThread = onNotifierThread;
    }

    /** {@code cpus_read_lock()}: returns once no transition is in progress. */
    public ReadHold readLock() {
        if (onNotifierThread.getAsBoolean()) {
            return () -> { };
        }
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        return read::unlock;
    }

    /**
     * {@code cpus_write_lock()}: returns once no reader holds the lock; held for one transition.
     *
     * @throws IllegalStateException on the notifier thread, or when this thread holds the read side (it would
     *     wait for itself)
     */
    public WriteHold writeLock() {
        if (onNotifierThread.getAsBoolean()) {
            throw new IllegalStateException("a notifier callback cannot start a hotplug transition");
        }
        if (heldByCurrentThread()) {
            throw new IllegalStateException("this thread holds cpus_read_lock; a transition would wait for itself");
        }
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        write.lock();
        return write::unlock;
    }

    /**
     * {@link #writeLock()} that gives up after {@code timeout}: null when a reader or a transition still held
     * the lock by then (a closing controller must not wait forever on a transition that hangs).
     */
    public WriteHold tryWriteLock(Duration timeout) throws InterruptedException {
        if (onNotifierThread.getAsBoolean()) {
            throw new IllegalStateException("a notifier callback cannot start a hotplug transition");
        }
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        return write.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS) ? write::unlock : null;
    }

    /** Whether the calling thread holds the read side (then it must not start a transition itself). */
    public boolean heldByCurrentThread() {
        return lock.getReadHoldCount() > 0;
    }
}
