package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The one binding of glibc: every system call this library makes, through JNA direct mapping (the fastest JNA
 * mode: no proxy, no reflection per call). Calls declared {@code throws LastErrorException} capture errno right
 * after the call, before the JVM can clobber it; {@link Errno} names it. {@code size_t}/{@code ssize_t} map to
 * {@code long}: we support 64-bit Linux only (x86-64, aarch64), where the constants below are the same.
 *
 * <p>The static initializer binds the natives once per class loader: the one kind of static state this
 * library keeps, as any JNI or JNA binding must.
 */
final class LibC {
    static final int O_WRONLY = 1;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int W_OK = 2;
    static final int AT_FDCWD = -100;
    static final int AT_EACCESS = 0x200;

    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = O_CLOEXEC;
    static final int NETLINK_KOBJECT_UEVENT = 15;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 1;

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

    static native int open(String path, int flags) throws LastErrorException;

    static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int faccessat(int dirfd, String path, int mode, int flags) throws LastErrorException;

    static native int pipe2(int[] fds, int flags) throws LastErrorException;

    static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, Pointer addr, int addrlen) throws LastErrorException;

    static native int setsockopt(int fd, int level, int optname, int[] optval, int optlen) throws LastErrorException;

    static native long recvfrom(int fd, byte[] buf, long len, int flags, Pointer srcAddr, int[] addrlen)
            throws LastErrorException;
}
