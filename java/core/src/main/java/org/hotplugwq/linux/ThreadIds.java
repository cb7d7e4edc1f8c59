package org.hotplugwq.linux;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The calling thread's Linux thread id. glibc has {@code gettid()} since 2.30; older ones (and other C
 * libraries) lack the symbol, so we fall back to {@code syscall(SYS_gettid)} with the number of this
 * architecture. Which one is used is decided once, when this class is first used.
 */
public final class ThreadIds {
    private static final boolean GLIBC_GETTID = GlibcGettid.linked();

    private ThreadIds() {
    }

    /** {@code gettid()} of the calling thread. */
    public static int current() {
        return GLIBC_GETTID ? GlibcGettid.gettid() : viaSyscall();
    }

    /** {@code "glibc gettid()"} or {@code "syscall(186)"}: for reports. */
    public static String source() {
        return GLIBC_GETTID ? "glibc gettid()" : "syscall(" + syscallNumber() + ")";
    }

    /** The raw syscall path, also when glibc has gettid (tests compare the two). */
    static int viaSyscall() {
        long tid = Syscall.INSTANCE.syscall(syscallNumber());
        if (tid < 0) {
            throw new ErrnoException("syscall(SYS_gettid=" + syscallNumber() + ")", Native.getLastError());
        }
        return (int) tid;
    }

    static boolean glibcGettidLinked() {
        return GLIBC_GETTID;
    }

    private static int syscallNumber() {
        return LinuxArch.current()
                .orElseThrow(() -> new UnsupportedOperationException("gettid: unsupported platform "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch")))
                .gettidSyscall();
    }

    /** Direct mapping of glibc's gettid; a separate class so a missing symbol fails only this binding. */
    static final class GlibcGettid {
        private static final boolean LINKED = link();

        private static boolean link() {
            try {
                Native.register(GlibcGettid.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
                return true;
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                return false;
            }
        }

        static boolean linked() {
            return LINKED;
        }

        static native int gettid();
    }

    /** syscall(2) is variadic, which direct mapping cannot express: interface mapping here. */
    interface Syscall extends Library {
        Syscall INSTANCE = Native.load(Platform.C_LIBRARY_NAME, Syscall.class);

        long syscall(long number, Object... args);
    }
}
