package org.hotplugwq.linux;

/**
 * The two ways of asking "which CPU am I on": the JNI fast path ({@code native/}, a few ns) and JNA direct
 * mapping of the same glibc {@code sched_getcpu} (tens of ns). Both answer the same question the same way;
 * only the cost differs.
 */
public enum CurrentCpuPath {
    /** The JNI library built into the jar: the fastest path. */
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

    /** JNI when its library loaded (and is not disabled by {@code -Dhotplugwq.native=false}), else JNA. */
    public static CurrentCpuPath preferred() {
        return HotplugWqNative.isAvailable() ? JNI : JNA;
    }
}
