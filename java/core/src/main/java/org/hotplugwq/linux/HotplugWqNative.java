package org.hotplugwq.linux;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code libhotplugwq.so}, the JNI fast path, at first use, and says whether that worked, as Netty's
 * {@code Epoll.isAvailable()}/{@code unavailabilityCause()} do. The library ships in the jar under
 * {@code META-INF/native/linux-<arch>/}; it is copied to a temp file (a jar entry cannot be
 * {@code dlopen}ed), loaded, and the file deleted at once (the mapping stays valid).
 *
 * <p>{@code -Dhotplugwq.native=false} forces the JNA path: the library is then not loaded at all.
 * {@code -Dhotplugwq.native.tmpdir=DIR} picks where to extract it (for hosts whose /tmp is noexec).
 *
 * <p>Static state, on purpose (the one exception to "no static state" in this library, as in Netty): a JNI
 * library can be loaded by only one class loader per JVM and never unloaded, so whether it loaded is a fact
 * of the JVM, not of any platform instance. The lazy holder computes that fact once, on first use, and it
 * never changes afterwards; instances stay independent of each other.
 */
public final class HotplugWqNative {
    /** The system property that, set to {@code false}, forces the JNA path. */
    public static final String ENABLE_PROPERTY = "hotplugwq.native";
    /** The system property naming where the JNI library is unpacked (default: the JVM's temp dir). */
    public static final String TMPDIR_PROPERTY = "hotplugwq.native.tmpdir";

    private static final Logger log = LoggerFactory.getLogger(HotplugWqNative.class);

    private HotplugWqNative() {
    }

    private static final class Holder {
        static final Throwable CAUSE = load(System.getProperty(ENABLE_PROPERTY));
    }

    /** Whether the JNI library is loaded and usable; loads it on the first call. */
    public static boolean isAvailable() {
        return Holder.CAUSE == null;
    }

    /** Why the JNI library is not in use, or {@code null} when it is. */
    public static Throwable unavailabilityCause() {
        return Holder.CAUSE;
    }

    /** @throws UnsatisfiedLinkError carrying the cause when the library is not available */
    public static void ensureAvailability() {
        Throwable cause = Holder.CAUSE;
        if (cause != null) {
            throw (UnsatisfiedLinkError) new UnsatisfiedLinkError("libhotplugwq is not available: "
                    + cause.getMessage()).initCause(cause);
        }
    }

    /** The jar resource for this machine, e.g. {@code META-INF/native/linux-x86_64/libhotplugwq.so}. */
    public static Optional<String> libraryResource() {
        return LinuxArch.current().map(LinuxArch::nativeResource);
    }

    /** Tries to load the library, honouring the enable property's value; returns the failure, or null. */
    static Throwable load(String enableProperty) {
        if (enableProperty != null && enableProperty.strip().equalsIgnoreCase("false")) {
            return new UnsupportedOperationException("disabled by -D" + ENABLE_PROPERTY + "=false");
        }
        try {
            Optional<LinuxArch> arch = LinuxArch.current();
            if (arch.isEmpty()) {
                return new UnsupportedOperationException("no JNI library for " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch") + " (Linux x86-64 and aarch64 only)");
            }
            String resource = arch.get().nativeResource();
            Path file = extract(resource);
            try {
                System.load(file.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(file);
            }
            int abi = NativeCpu.abiVersion();
            if (abi != NativeCpu.ABI_VERSION) {
                return new UnsatisfiedLinkError(resource + " has ABI version " + abi + ", this code needs "
                        + NativeCpu.ABI_VERSION + " (stale build?)");
            }
            if (NativeCpu.currentCpu() < 0) {
                return new UnsupportedOperationException("sched_getcpu() failed through JNI");
            }
            log.debug("loaded {} (JNI fast path active)", resource);
            return null;
        } catch (Throwable t) { // UnsatisfiedLinkError, IOException, SecurityException: all mean "use JNA"
            log.debug("JNI fast path unavailable, using JNA", t);
            return t;
        }
    }

    private static Path extract(String resource) throws IOException {
        ClassLoader loader = HotplugWqNative.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FileNotFoundException(resource + " is not on the class path"
                        + " (was the jar built without gcc?)");
            }
            String tmpdir = System.getProperty(TMPDIR_PROPERTY);
            Path dir = Path.of(tmpdir != null ? tmpdir : System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "libhotplugwq-", ".so");
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return file;
        }
    }
}
