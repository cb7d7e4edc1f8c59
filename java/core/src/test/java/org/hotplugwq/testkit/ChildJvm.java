package org.hotplugwq.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Starts a JVM running a test-source main class with this test run's classpath. */
public final class ChildJvm {
    public final Process process;
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code prefix} runs before java (e.g. {@code setpriv ...}, {@code unshare ...}). */
    public static ChildJvm start(List<String> prefix, String classpath, List<String> jvmArgs, Class<?> main,
                                 String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(javaBinary());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildJvm(pb.start());
    }

    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        return start(List.of(), System.getProperty("java.class.path"), List.of(), main, args);
    }

    /** The next line the child prints, or null at its end. */
    public String readLine() throws IOException {
        return stdout.readLine();
    }

    public int waitFor() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish within 60 s");
        }
        return process.exitValue();
    }

    /**
     * A copy of the classes and jars the children need, readable by everyone, for a child that runs as an
     * unprivileged user (the build's own directories and ~/.m2 may not be): the test classes, the core classes
     * and the jars of {@code main} and of the core.
     */
    public static String worldReadableClasspath(Path dir, Class<?> main) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {main, ChildJvm.class, org.hotplugwq.cpu.CpuSet.class,
            com.sun.jna.Native.class, org.slf4j.LoggerFactory.class, org.slf4j.simple.SimpleLogger.class}) {
            try {
                Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!sources.contains(p)) {
                    sources.add(p);
                }
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        makeReadable(dir);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (Path src : sources) {
            Path dst = dir.resolve("cp" + i++ + (Files.isDirectory(src) ? "" : ".jar"));
            copyTree(src, dst);
            entries.add(dst.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst);
            makeReadable(dst);
            return;
        }
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
                makeReadable(target);
            }
        }
    }

    public static void makeReadable(Path p) throws IOException {
        String mode = Files.isDirectory(p) ? "rwxrwxrwx" : "rw-r--r--";
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }
}
