package org.hotplugwq.workqueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A unit of deferred work: the kernel's {@code struct work_struct}.
 *
 * <p>A work item is allocated once and queued many times. It carries its own list links (the kernel's
 * {@code work->entry}), so queuing allocates nothing. While it sits on a queue its <em>pending</em> bit is
 * set ({@code WORK_STRUCT_PENDING}); queuing a pending work does nothing and returns {@code false}. The
 * worker clears the bit just before calling the function ({@code work_release}), so a work may re-queue
 * itself from its own function.
 *
 * <p>Fields other than the pending bit are guarded by the lock of the per-CPU queue the work is on ([Q]; tags: see
 * the package's locking legend).
 */
public class Work {
    private static final VarHandle PENDING;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PENDING = lookup.findVarHandle(Work.class, "pending", int.class);
            NEXT = lookup.findVarHandle(Work.class, "next", Work.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final WorkFunction function;
    final boolean internal; // a flush barrier: never reported to the observer

    /** [V] {@code WORK_STRUCT_PENDING}: taken by CAS by whoever queues it, cleared by the worker or a cancel. */
    @SuppressWarnings("unused") // accessed through PENDING
    private volatile int pending;

    // --- [Q] of cwq (the queue it is on or last ran from) ---
    /**
     * Circular list links; {@code next == this} means "not on a list" ({@code list_del_init}). A queue links a
     * work only after pointing {@link #cwq} at itself, and publishes {@code next} last with release semantics
     * ({@code set_wq_data()}, {@code smp_wmb()}, {@code list_add()}), so that a thread holding another queue's
     * lock that sees the work linked also sees which queue it is linked on ({@link #isLinkedAcquire()}).
     */
    Work next = this;
    Work prev = this;
    /** {@code get_wq_data(work)} [V]: the per-CPU queue it was last queued on, null if never; written under [Q]. */
    volatile CpuWorkqueue cwq;
    int queuedCpu = -1; // the CPU whose queue took it (kept when takeover moves it)
    long queuedNanos;   // only stamped while an observer is set
    boolean stranded;   // queued while its queue had no worker
    boolean movedByTakeover;

    /**
     * A work that calls {@code function} each time it runs ({@code INIT_WORK}).
     *
     * @throws NullPointerException if {@code function} is null
     */
    public Work(WorkFunction function) {
        this(Objects.requireNonNull(function, "function"), false);
    }

    Work(WorkFunction function, boolean internal) {
        this.function = function;
        this.internal = internal;
    }

    /** {@code work_pending(work)}: queued (or its delay timer armed) and not yet started. */
    public final boolean isPending() {
        return pending != 0;
    }

    /** {@code test_and_set_bit(WORK_STRUCT_PENDING)}: true when this call took the bit. */
    final boolean claimPending() {
        return PENDING.compareAndSet(this, 0, 1);
    }

    /** {@code work_release()}: clears the pending bit. */
    final void releasePending() {
        pending = 0;
    }

    final void markPending() {
        pending = 1;
    }

    final boolean isQueued() {
        return next != this;
    }

    /** The last write of a link-in: publishes {@link #cwq}, written before it, with the link. */
    final void publishNext(Work after) {
        NEXT.setRelease(this, after);
    }

    /**
     * {@link #isQueued()} for a thread holding a lock other than the one of the queue linking the work now; read
     * {@link #cwq} after it ({@code try_to_grab_pending()}'s {@code smp_rmb()}).
     */
    final boolean isLinkedAcquire() {
        return NEXT.getAcquire(this) != this;
    }
}
