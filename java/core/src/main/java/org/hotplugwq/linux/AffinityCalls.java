package org.hotplugwq.linux;

import org.hotplugwq.cpu.CpuSet;

/**
 * The two affinity system calls, as a seam: {@link SchedAffinity} makes them for real, tests substitute
 * a fake to provoke errno values (EINVAL right after an online) that real hardware gives only by chance.
 */
public interface AffinityCalls {

    /** @throws ErrnoException as {@code sched_setaffinity} fails */
    void set(int tid, CpuSet cpus);

    /** @throws ErrnoException as {@code sched_getaffinity} fails */
    CpuSet get(int tid);
}
