package org.hotplugwq.linux;

/**
 * The ways of asking "which CPU am I on": glibc's rseq area read directly (one load, under a nanosecond; see
 * {@link RseqCpu}), the JNI fast path ({@code native/}, a few ns) and JNA direct mapping of the same glibc
 * {@code sched_getcpu} (tens of ns). All answer the same question the same way; only the cost differs.
 */
public enum CurrentCpuPath {
    /**
     * Threads that take a {@link RseqCpu#forCurrentThread() reader} (the workers) read their rseq area; a one-off
     * call from any other thread goes through JNI {@code sched_getcpu()}, which reads the same area.
     */
    RSEQ("rseq") {
        @Override
        public int currentCpu() {
            return NativeCpu.currentCpu();
        }

        @Override
        public boolean isUsable() {
            return RseqCpu.isUsable();
        }
    },
    /** The JNI library built into the jar: the fastest path for a one-off call. */
    JNI("jni") {
        @Override
        public int currentCpu() {
            return NativeCpu.currentCpu();
        }

        @Override
        public boolean isUsable() {
            return HotplugWqNative.isAvailable();
        }
    },
    /** libc's {@code sched_getcpu} through JNA: no native build needed. */
    JNA("jna") {
        @Override
        public int currentCpu() {
            return LibC.sched_getcpu();
        }

        @Override
        public boolean isUsable() {
            return LinuxArch.current().isPresent();
        }
    };

    private final String label;

    CurrentCpuPath(String label) {
        this.label = label;
    }

    /** {@code sched_getcpu()} through this path: the caller's CPU, or -1 if the kernel cannot tell. */
    public abstract int currentCpu();

    /** Whether calls through this path can work in this JVM. */
    public abstract boolean isUsable();

    /**
     * The path's name in reports.
     *
     * @return {@code "jni"} or {@code "jna"}
     */
    public String label() {
        return label;
    }

    /**
     * RSEQ when glibc registered an rseq area for the calling (platform) thread, else JNI when its library loaded
     * (and is not disabled by {@code -Dhotplugwq.native=false}), else JNA.
     */
    public static CurrentCpuPath preferred() {
        if (RseqCpu.isUsable()) {
            return RSEQ;
        }
        return HotplugWqNative.isAvailable() ? JNI : JNA;
    }
}
