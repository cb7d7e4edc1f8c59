package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * glibc functions through JNA direct mapping (the fastest JNA mode: no proxy, no reflection per call).
 * Calls declared {@code throws LastErrorException} capture errno right after the call, before the JVM can
 * clobber it. {@code size_t} is mapped to {@code long}: we support 64-bit Linux only (x86-64, aarch64).
 *
 * <p>The static initializer binds the natives once per class loader: the one kind of static state this
 * library keeps, as any JNI or JNA binding must.
 */
final class LibC {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000; // O_CLOEXEC; same value on x86-64 and aarch64
    static final int NETLINK_KOBJECT_UEVENT = 15;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    static native int sched_setaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

    /** The raw syscall returns the bytes written; glibc's wrapper returns 0 and zero-fills the rest. */
    static native int sched_getaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

    /** -1 when the kernel cannot tell (never on x86-64/aarch64 in practice). No errno capture: hot path. */
    static native int sched_getcpu();

    static native int getpid();

    static native int geteuid();

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
}
