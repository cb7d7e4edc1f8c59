package org.hotplugwq.linux;

import java.util.Locale;
import java.util.Optional;

/**
 * The 64-bit Linux architectures we support, with what differs between them: the directory the JNI library
 * is packaged under and the raw {@code gettid} syscall number (the generic table on aarch64 differs from
 * x86-64's).
 */
public enum LinuxArch {
    /** 64-bit x86. */
    X86_64("x86_64", 186),
    /** 64-bit ARM. */
    AARCH64("aarch64", 178);

    private final String kernelName;
    private final int gettidSyscall;

    LinuxArch(String kernelName, int gettidSyscall) {
        this.kernelName = kernelName;
        this.gettidSyscall = gettidSyscall;
    }

    /** The name {@code uname -m} prints. */
    public String kernelName() {
        return kernelName;
    }

    /**
     * The number of the {@code gettid} system call.
     *
     * @return the syscall number
     */
    public int gettidSyscall() {
        return gettidSyscall;
    }

    /** Where the JNI library for this architecture lives in the jar. */
    public String nativeResource() {
        return "META-INF/native/linux-" + kernelName + "/libhotplugwq.so";
    }

    /** Maps a JVM {@code os.arch} value ({@code amd64}, {@code aarch64}, …) to an architecture. */
    public static Optional<LinuxArch> fromOsArch(String osArch) {
        switch (osArch == null ? "" : osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
            case "x86-64":
                return Optional.of(X86_64);
            case "aarch64":
            case "arm64":
                return Optional.of(AARCH64);
            default:
                return Optional.empty();
        }
    }

    /** This JVM's architecture, when it is Linux on a supported one. */
    public static Optional<LinuxArch> current() {
        if (!isLinux()) {
            return Optional.empty();
        }
        return fromOsArch(System.getProperty("os.arch"));
    }

    /**
     * Whether this JVM runs on Linux.
     *
     * @return true on Linux
     */
    public static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    }
}
