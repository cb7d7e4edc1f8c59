package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import org.hotplugwq.cpu.CpuSet;

/**
 * {@code sched_setaffinity}/{@code sched_getaffinity} for any thread id (0 = the caller), with masks of the
 * given layout. Failures become {@link ErrnoException}s naming the call.
 */
public final class SchedAffinity implements AffinityCalls {
    private final CpuMaskLayout layout;

    /**
     * The calls with masks of {@code layout}.
     *
     * @param layout the mask size to start with
     */
    public SchedAffinity(CpuMaskLayout layout) {
        this.layout = layout;
    }

    /**
     * The mask size in use.
     *
     * @return the layout
     */
    public CpuMaskLayout layout() {
        return layout;
    }

    @Override
    public void set(int tid, CpuSet cpus) {
        long[] mask = layout.encode(cpus);
        try {
            LibC.sched_setaffinity(tid, layout.byteSize(), mask);
        } catch (LastErrorException e) {
            throw new ErrnoException("sched_setaffinity(" + tid + ", " + cpus + ")", e.getErrorCode(), e);
        }
    }

    /**
     * The CPUs thread {@code tid} may run on now: its mask ∩ the active CPUs. If the kernel was built for
     * more CPUs than we sized for (EINVAL), retries with larger masks.
     */
    @Override
    public CpuSet get(int tid) {
        CpuMaskLayout l = layout;
        while (true) {
            long[] mask = new long[l.wordCount()];
            try {
                LibC.sched_getaffinity(tid, l.byteSize(), mask);
                return l.decode(mask);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINVAL && l.capacity() < (1 << 16)) {
                    l = l.doubled();
                    continue;
                }
                throw new ErrnoException("sched_getaffinity(" + tid + ")", e.getErrorCode(), e);
            }
        }
    }
}
