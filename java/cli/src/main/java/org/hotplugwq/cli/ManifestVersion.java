package org.hotplugwq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version Maven built. From a jar, its manifest's {@code Implementation-Version}; from class
 * files (tests, an IDE, the build's own man-page generation), {@code version.properties}, which the build fills in.
 */
final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String fromJar = HotplugWq.class.getPackage().getImplementationVersion();
        return new String[] {line(fromJar != null ? fromJar : fromBuild())};
    }

    static String line(String implementationVersion) {
        return "hotplugwq " + (implementationVersion == null ? "(development build: no version recorded)"
                : implementationVersion);
    }

    /** The version the build wrote into {@code version.properties}, or null (not filtered: not built by Maven). */
    private static String fromBuild() {
        try (InputStream in = ManifestVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.startsWith("${") ? null : v;
        } catch (IOException e) {
            return null;
        }
    }
}
