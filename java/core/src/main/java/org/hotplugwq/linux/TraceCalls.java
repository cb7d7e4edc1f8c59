package org.hotplugwq.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The two system calls tracing needs besides file I/O: {@code mount(2)} for tracefs and
 * {@code sched_setscheduler(2)} for the reader's real-time priority. Its own binding, so that a failure to bind
 * here costs tracing only.
 */
final class TraceCalls {
    static final int SCHED_FIFO = 1;
    /** Threads this thread creates start at normal priority (the JVM's threads would inherit it otherwise). */
    static final int SCHED_RESET_ON_FORK = 0x40000000;

    static {
        Native.register(TraceCalls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private TraceCalls() {
    }

    static native int mount(String source, String target, String fstype, long flags, Pointer data)
            throws LastErrorException;

    /** {@code param} points to {@code struct sched_param { int sched_priority; }}: an int[1]. */
    static native int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;

    static native int sched_get_priority_max(int policy);

    /** Mounts tracefs on {@code target}; the errno's description when it fails. */
    static String mountTracefs(String target) {
        try {
            mount("nodev", target, "tracefs", 0, null);
            return null;
        } catch (LastErrorException e) {
            return Errno.description(e.getErrorCode());
        }
    }

    /**
     * Puts the calling thread in {@code SCHED_FIFO} at {@code priority} (clamped to the kernel's maximum), with
     * {@code SCHED_RESET_ON_FORK}; null when it worked, else why not.
     */
    static String realtime(int priority) {
        try {
            int max = sched_get_priority_max(SCHED_FIFO);
            int p = max > 0 ? Math.min(priority, max) : priority;
            sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, new int[] {p});
            return null;
        } catch (LastErrorException e) {
            return "sched_setscheduler(SCHED_FIFO): " + Errno.description(e.getErrorCode());
        } catch (UnsatisfiedLinkError e) {
            return "sched_setscheduler unavailable: " + e.getMessage();
        }
    }
}
