package org.hotplugwq.linux;

/**
 * The JNI functions of {@code native/hotplugwq.c}. Call them only once {@link HotplugWqNative#isAvailable()}
 * is true; otherwise they throw {@link UnsatisfiedLinkError}. {@code javac -h} generates the C header from
 * this class during the build, so the C names cannot drift from these.
 */
final class NativeCpu {
    /** Bumped whenever the set or signatures of the functions below change. */
    static final int ABI_VERSION = 2;

    private NativeCpu() {
    }

    /** glibc {@code sched_getcpu()}: one read of the rseq area since glibc 2.35; -1 on failure. */
    static native int currentCpu();

    /**
     * The calling thread's glibc rseq area ({@code __builtin_thread_pointer() + __rseq_offset}), or 0 when glibc
     * registered none ({@code __rseq_size == 0}). Valid for the calling thread's whole life, for it alone.
     */
    static native long rseqArea();

    /** The {@link #ABI_VERSION} the C side was compiled with. */
    static native int abiVersion();
}
