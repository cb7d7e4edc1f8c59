package org.hotplugwq.hotplug;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * The kernel's {@code cpus_read_lock()} / {@code cpus_write_lock()} for the hotplug <em>this process</em>
 * performs: while any thread holds the read side, {@link HotplugController} waits before changing any
 * CPU; while the controller changes one, readers wait.
 *
 * <p>It cannot hold back hotplug done by someone else (another shell writing {@code cpuN/online}): such
 * a change has already happened when any source sees it, so event sources never take this lock and
 * {@code CPU_DEAD} for an external offline arrives even while readers hold it.
 *
 * <p>Notifier callbacks run on the bridge thread; there {@link #readLock()} is a no-op (as in the kernel,
 * where a notifier runs inside the writer and must not take the read side again), so a callback can
 * call code that takes the read lock without deadlocking against the controller that is waiting on it.
 * Fair: a waiting controller stops new readers from starving it (like the kernel's percpu-rwsem).
 */
public final class CpuHotplugLock {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final BooleanSupplier onBridgeThread;

    /** A held read side; {@link #close()} releases it (use try-with-resources, same thread). */
    public interface ReadHold extends AutoCloseable {
        @Override
        void close();
    }

    CpuHotplugLock(BooleanSupplier onBridgeThread) {
        this.onBridgeThread = onBridgeThread;
    }

    /** {@code cpus_read_lock()}: returns once no controller transition is in progress. */
    public ReadHold readLock() {
        if (onBridgeThread.getAsBoolean()) {
            return () -> { };
        }
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        return read::unlock;
    }

    /** Whether the calling thread holds the read side (then it must not start a transition itself). */
    public boolean heldByCurrentThread() {
        return lock.getReadHoldCount() > 0;
    }

    /** Number of read holds, all threads: for diagnostics. */
    public int readHolds() {
        return lock.getReadLockCount();
    }

    ReentrantReadWriteLock.WriteLock writeLock() {
        return lock.writeLock();
    }
}
