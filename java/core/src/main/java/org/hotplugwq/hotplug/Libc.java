package org.hotplugwq.hotplug;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few glibc calls the hotplug package needs, through JNA. Writes to sysfs go through {@code write(2)}
 * rather than java.io so that the kernel's errno (EAGAIN from a failed transition, EROFS, EACCES) is
 * known exactly instead of being guessed from an exception message.
 *
 * <p>Only 64-bit Linux (x86-64, aarch64) is supported: {@code size_t}/{@code ssize_t} map to
 * {@link NativeLong}, structures are marshalled in native byte order.
 */
interface Libc extends Library {
    /** An immutable handle to libc, shared by every instance (it holds no state of ours). */
    Libc C = Native.load("c", Libc.class);

    int O_WRONLY = 1;
    int O_CLOEXEC = 0x80000;
    int O_NONBLOCK = 0x800;
    int W_OK = 2;
    int AT_FDCWD = -100;
    int AT_EACCESS = 0x200;

    int AF_NETLINK = 16;
    int SOCK_DGRAM = 2;
    int NETLINK_KOBJECT_UEVENT = 15;
    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_RCVBUFFORCE = 33;
    short POLLIN = 1;

    int EPERM = 1;
    int ENOENT = 2;
    int EINTR = 4;
    int EIO = 5;
    int EAGAIN = 11;
    int EACCES = 13;
    int EBUSY = 16;
    int EINVAL = 22;
    int EROFS = 30;
    int ENOBUFS = 105;

    int geteuid();

    int open(String path, int flags) throws LastErrorException;

    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int faccessat(int dirfd, String path, int mode, int flags) throws LastErrorException;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, Pointer addr, int addrlen) throws LastErrorException;

    int setsockopt(int fd, int level, int optname, int[] optval, int optlen) throws LastErrorException;

    NativeLong recvfrom(int fd, byte[] buf, NativeLong len, int flags, Pointer srcAddr, int[] addrlen)
            throws LastErrorException;

    int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    String strerror(int errnum);
}
