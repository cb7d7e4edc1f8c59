package org.hotplugwq.stress.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Where and with what a run was made, for comparing reports across a fleet: the tool's version and commit (from
 * {@code build.properties}, filled in by the build), the JVM, the host, the kernel, the load average when the run
 * started and ended ({@code /proc/loadavg}: 1, 5 and 15 minutes; null where unreadable) and the command line.
 *
 * @param commandLine the tool's own arguments as typed ({@code stress --duration 20s ...}); null when the run was
 *     not started from the command line
 * @param processCommandLine the whole command line of this process ({@code java ... -jar hotplugwq.jar ...})
 */
public record Provenance(String toolVersion, String toolCommit, String jvmVendor, String jvmVersion, String hostName,
                         String kernel, double[] loadAverageStart, double[] loadAverageEnd, List<String> commandLine,
                         String processCommandLine) {

    /** What can be known when a run starts; {@link #ended()} adds the load average at its end. */
    public static Provenance atStart(List<String> commandLine) {
        Properties build = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/org/hotplugwq/stress/build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // no build.properties: the version and commit stay unknown
        }
        String version = build.getProperty("version", Provenance.class.getPackage().getImplementationVersion());
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new Provenance(version == null ? "unknown" : version, build.getProperty("commit", "unknown"),
                System.getProperty("java.vm.vendor"), System.getProperty("java.runtime.version",
                        System.getProperty("java.version")), readHostName(), kernel, readLoadAverage(), null,
                commandLine == null ? null : List.copyOf(commandLine),
                ProcessHandle.current().info().commandLine().orElse(null));
    }

    /** The same, with the load average now as the load at the end. */
    public Provenance ended() {
        return new Provenance(toolVersion, toolCommit, jvmVendor, jvmVersion, hostName, kernel, loadAverageStart,
                readLoadAverage(), commandLine, processCommandLine);
    }

    /** 1, 5 and 15 minute load averages, or null. */
    static double[] readLoadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String readHostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux: ask the resolver
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
    }
}
