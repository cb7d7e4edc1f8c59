package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.Optional;

/**
 * A netlink {@code NETLINK_KOBJECT_UEVENT} socket bound to the kernel's multicast group 1, through JNA, plus
 * a wake-up pipe so that a thread blocked in {@link #receive} can be woken by {@link #close}.
 * Only messages sent by the kernel (sender port id 0) are returned; udev's re-broadcasts (group 2) and
 * forged messages from user space are ignored.
 */
public final class UeventSocket implements AutoCloseable {
    private static final int KERNEL_GROUP = 1;
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final int fd;
    private final int wakeRead;
    private final int wakeWrite;
    private final byte[] buf = new byte[64 * 1024];
    private final Memory pollFds = new Memory(16);
    private final Memory sender = new Memory(SOCKADDR_NL_SIZE);
    private volatile boolean closed;

    /** The result of one {@link #receive}: a message, nothing (timeout, wake-up, foreign sender), or overrun. */
    public record Received(Optional<UeventMessage> message, boolean overrun, long receivedNanos) { }

    private UeventSocket(int fd, int wakeRead, int wakeWrite) {
        this.fd = fd;
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
    }

    /**
     * Opens and binds the socket.
     *
     * @throws UeventUnavailableException when it cannot be opened or bound (typically: in a container)
     */
    public static UeventSocket open() throws UeventUnavailableException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, LibC.NETLINK_KOBJECT_UEVENT);
        } catch (LastErrorException e) {
            throw unavailable(e);
        } catch (LinkageError e) { // libc not bindable: LibC's initializer failed
            throw new UeventUnavailableException("netlink uevent socket: libc not loadable: " + e.getMessage(), null);
        }
        try {
            // A burst of uevents (other devices too) must not overflow the queue: ask for 1 MiB,
            // beyond rmem_max when we are root.
            int[] size = {RECEIVE_BUFFER};
            try {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, size, 4);
            } catch (LastErrorException e) {
                LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, size, 4);
            }
            Memory addr = new Memory(SOCKADDR_NL_SIZE);
            addr.clear();
            addr.setShort(0, (short) LibC.AF_NETLINK);
            addr.setInt(4, 0); // nl_pid 0: let the kernel pick our port id
            addr.setInt(8, KERNEL_GROUP);
            LibC.bind(fd, addr, SOCKADDR_NL_SIZE);
            int[] pipe = new int[2];
            LibC.pipe2(pipe, LibC.O_CLOEXEC | LibC.O_NONBLOCK);
            return new UeventSocket(fd, pipe[0], pipe[1]);
        } catch (LastErrorException e) {
            closeQuietly(fd);
            throw unavailable(e);
        }
    }

    private static UeventUnavailableException unavailable(LastErrorException e) {
        return new UeventUnavailableException("netlink uevent socket: " + Errno.description(e.getErrorCode()), e);
    }

    /** Waits at most {@code timeoutMillis} for one message. */
    public Received receive(int timeoutMillis) {
        pollFds.setInt(0, fd);
        pollFds.setShort(4, LibC.POLLIN);
        pollFds.setShort(6, (short) 0);
        pollFds.setInt(8, wakeRead);
        pollFds.setShort(12, LibC.POLLIN);
        pollFds.setShort(14, (short) 0);
        try {
            int ready = LibC.poll(pollFds, 2, timeoutMillis);
            if (ready <= 0 || closed || (pollFds.getShort(6) & LibC.POLLIN) == 0) {
                return new Received(Optional.empty(), false, System.nanoTime());
            }
            int[] addrLen = {SOCKADDR_NL_SIZE};
            int n = (int) LibC.recvfrom(fd, buf, buf.length, LibC.MSG_DONTWAIT, sender, addrLen);
            long receivedNanos = System.nanoTime();
            if (sender.getInt(4) != 0) {
                return new Received(Optional.empty(), false, receivedNanos);
            }
            return new Received(Optional.of(UeventMessage.parse(buf, n)), false, receivedNanos);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            boolean overrun = errno == Errno.ENOBUFS;
            return new Received(Optional.empty(), overrun, System.nanoTime());
        }
    }

    /** Wakes a thread blocked in {@link #receive}; the socket stays open until {@link #close}. */
    public void wakeup() {
        try {
            LibC.write(wakeWrite, new byte[] {1}, 1);
        } catch (LastErrorException ignored) {
            // the pipe is full: the reader is already going to wake up
        }
    }

    /** Call only after the receiving thread has stopped (or with none), so no fd is reused under it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int f : new int[] {fd, wakeRead, wakeWrite}) {
            closeQuietly(f);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException ignored) {
            // nothing to do about a failing close of our own fd
        }
    }
}
