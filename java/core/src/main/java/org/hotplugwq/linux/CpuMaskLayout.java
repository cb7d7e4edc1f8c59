package org.hotplugwq.linux;

import org.hotplugwq.cpu.CpuSet;

/**
 * The kernel's affinity mask as {@code sched_setaffinity}/{@code sched_getaffinity} take it: an array of
 * {@code unsigned long} (64-bit here), CPU {@code n} at bit {@code n % 64} of word {@code n / 64}, sized for
 * {@code nr_cpu_ids} (the kernel rejects a {@code sched_getaffinity} buffer smaller than that with EINVAL).
 * Unlike glibc's fixed 1024-bit {@code cpu_set_t}, any size works.
 */
public final class CpuMaskLayout {
    private final int cpuCount;
    private final int wordCount;

    private CpuMaskLayout(int cpuCount) {
        this.cpuCount = cpuCount;
        this.wordCount = (cpuCount + 63) >>> 6;
    }

    /** A mask able to hold CPUs {@code 0..cpuCount-1}, rounded up to whole words. */
    public static CpuMaskLayout forCpuCount(int cpuCount) {
        if (cpuCount < 1) {
            throw new IllegalArgumentException("cpu count must be positive, got " + cpuCount);
        }
        return new CpuMaskLayout(cpuCount);
    }

    /** Sized from the kernel's possible CPUs: {@code nr_cpu_ids} is the highest possible CPU + 1. */
    public static CpuMaskLayout forPossible(CpuSet possible) {
        return forCpuCount(Math.max(1, possible.last() + 1));
    }

    /** The CPUs the mask can hold (a multiple of 64). */
    public int capacity() {
        return wordCount * 64;
    }

    /**
     * The CPU count asked for.
     *
     * @return CPUs {@code 0..cpuCount-1} fit
     */
    public int cpuCount() {
        return cpuCount;
    }

    /**
     * The mask's length in 64-bit words.
     *
     * @return the word count
     */
    public int wordCount() {
        return wordCount;
    }

    /** The {@code cpusetsize} argument, in bytes. */
    public long byteSize() {
        return (long) wordCount * Long.BYTES;
    }

    /** A layout with twice the room, for when the kernel says ours is too small. */
    CpuMaskLayout doubled() {
        return new CpuMaskLayout(capacity() * 2);
    }

    /** @throws IllegalArgumentException when a CPU does not fit: it could not be expressed to the kernel */
    public long[] encode(CpuSet cpus) {
        if (cpus.last() >= capacity()) {
            throw new IllegalArgumentException("cpu" + cpus.last() + " does not fit a " + capacity()
                    + "-CPU affinity mask");
        }
        return cpus.toWords(wordCount);
    }

    /**
     * The CPUs set in a mask the kernel filled in.
     *
     * @param mask the words, CPU {@code n} at bit {@code n % 64} of word {@code n / 64}
     * @return the CPUs
     */
    public CpuSet decode(long[] mask) {
        return CpuSet.fromWords(mask);
    }

    @Override
    public String toString() {
        return capacity() + "-bit mask (" + byteSize() + " bytes)";
    }
}
