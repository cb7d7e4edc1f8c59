package org.hotplugwq.linux;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.hotplugwq.cpu.CpuPlatform;

/**
 * The current CPU from glibc's rseq area: the kernel writes the thread's CPU into {@code struct rseq.cpu_id}
 * (offset 4) on every return to user space after a migration, so reading it is one load, what glibc's own
 * {@code sched_getcpu()} does inline (README, Performance). The area's address comes once per thread from JNI
 * ({@code __builtin_thread_pointer() + __rseq_offset}); the load is {@code sun.misc.Unsafe} before JDK 22 and a
 * {@code MemorySegment} (looked up reflectively, so the code compiles at release 17) from JDK 22 on, where
 * {@code Unsafe}'s memory access is deprecated for removal and warns.
 *
 * <p>Falls back to JNI {@code sched_getcpu()} when glibc registered no area ({@code __rseq_size == 0}, e.g.
 * {@code GLIBC_TUNABLES=glibc.pthread.rseq=0}) or the area says the CPU is unknown ({@code cpu_id < 0}), and
 * for virtual threads, whose carrier (and so rseq area) changes under them.
 *
 * <p>Static state: the access mechanism ({@code Unsafe} or a {@code VarHandle}) is a fact of the JVM, decided
 * once; every reader carries its own thread's address.
 */
public final class RseqCpu {
    /** {@code offsetof(struct rseq, cpu_id)}. */
    static final long CPU_ID_OFFSET = 4;
    /** {@code sizeof(struct rseq)} of the original ABI; only cpu_id is read. */
    private static final long AREA_SIZE = 32;

    private RseqCpu() {
    }

    private static final class Access {
        static final VarHandle CPU_ID = segmentHandle();
        /** {@code MemorySegment.ofAddress(long)} and {@code reinterpret(long)}: once per thread, reflection will do. */
        static final Method[] SEGMENT = CPU_ID == null ? null : ofAddress();
        static final sun.misc.Unsafe UNSAFE = CPU_ID == null ? unsafe() : null;

        private static VarHandle segmentHandle() {
            if (Runtime.version().feature() < 22) {
                return null;
            }
            try {
                Class<?> layouts = Class.forName("java.lang.foreign.ValueLayout");
                Object javaInt = layouts.getField("JAVA_INT").get(null);
                return (VarHandle) layouts.getMethod("varHandle").invoke(javaInt); // (MemorySegment, long)
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        private static Method[] ofAddress() {
            try {
                Class<?> seg = Class.forName("java.lang.foreign.MemorySegment");
                return new Method[] {seg.getMethod("ofAddress", long.class), seg.getMethod("reinterpret", long.class)};
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static sun.misc.Unsafe unsafe() {
            try {
                Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return (sun.misc.Unsafe) f.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * Whether the calling thread can read its CPU from rseq: the JNI library is loaded, glibc registered an area and
     * its {@code cpu_id} is valid, and the thread is a platform thread.
     */
    public static boolean isUsable() {
        return unusableReason() == null;
    }

    /** Why {@link #isUsable()} is false on the calling thread, or null when it is true. */
    public static String unusableReason() {
        if (!HotplugWqNative.isAvailable()) {
            return "JNI library not loaded";
        }
        if (isVirtual(Thread.currentThread())) {
            return "virtual thread";
        }
        if (Access.CPU_ID == null && Access.UNSAFE == null) {
            return "neither sun.misc.Unsafe nor java.lang.foreign is accessible";
        }
        long area = NativeCpu.rseqArea();
        if (area == 0) {
            return "glibc registered no rseq area (__rseq_size == 0; glibc < 2.35, glibc.pthread.rseq=0 or kernel)";
        }
        int cpu = reader(area).rseqCpuId();
        return cpu >= 0 ? null : "rseq cpu_id is " + cpu + " (registration failed)";
    }

    /** Which load reads {@code cpu_id}: {@code "MemorySegment"} (JDK 22+) or {@code "Unsafe"}. */
    public static String mechanism() {
        return Access.CPU_ID != null ? "MemorySegment" : "Unsafe";
    }

    /**
     * A reader for the calling thread: rseq when {@link #isUsable()}, else JNI {@code sched_getcpu()} (JNA without
     * the library). Use it on the calling thread only.
     */
    public static CpuPlatform.CpuReader forCurrentThread() {
        if (isUsable()) {
            return reader(NativeCpu.rseqArea());
        }
        return HotplugWqNative.isAvailable() ? NativeCpu::currentCpu : LibC::sched_getcpu;
    }

    private static Reader reader(long area) {
        if (Access.CPU_ID != null) {
            try {
                Object zeroLength = Access.SEGMENT[0].invoke(null, area);
                return new SegmentReader(Access.SEGMENT[1].invoke(zeroLength, AREA_SIZE));
            } catch (ReflectiveOperationException | RuntimeException t) {
                throw new IllegalStateException("cannot map the rseq area", t);
            }
        }
        return new UnsafeReader(area + CPU_ID_OFFSET);
    }

    private static boolean isVirtual(Thread t) {
        // Thread.isVirtual() is JDK 21; before it every thread is a platform thread
        return Runtime.version().feature() >= 21 && VirtualCheck.isVirtual(t);
    }

    private static final class VirtualCheck {
        static final MethodHandle IS_VIRTUAL = lookup();

        private static MethodHandle lookup() {
            try {
                return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                        MethodType.methodType(boolean.class));
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }

        static boolean isVirtual(Thread t) {
            try {
                return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(t);
            } catch (Throwable e) {
                return false;
            }
        }
    }

    /** One thread's view of its rseq {@code cpu_id}, with the JNI fallback for a negative value. */
    abstract static class Reader implements CpuPlatform.CpuReader {
        /** The raw {@code cpu_id}: the CPU, or negative when the kernel has not set it. */
        abstract int rseqCpuId();

        @Override
        public final int currentCpu() {
            int cpu = rseqCpuId();
            return cpu >= 0 ? cpu : NativeCpu.currentCpu();
        }

        @Override
        public final boolean isInline() {
            return true;
        }
    }

    private static final class UnsafeReader extends Reader {
        private final long cpuIdAddress;

        UnsafeReader(long cpuIdAddress) {
            this.cpuIdAddress = cpuIdAddress;
        }

        @Override
        int rseqCpuId() {
            // volatile: the kernel writes it behind the JIT's back (at a migration); on x86-64 a plain load
            return Access.UNSAFE.getIntVolatile(null, cpuIdAddress);
        }
    }

    private static final class SegmentReader extends Reader {
        private final Object area;

        SegmentReader(Object area) {
            this.area = area;
        }

        @Override
        int rseqCpuId() {
            return (int) Access.CPU_ID.getOpaque(area, CPU_ID_OFFSET);
        }
    }
}
