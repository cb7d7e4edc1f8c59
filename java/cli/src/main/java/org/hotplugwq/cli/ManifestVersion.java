package org.hotplugwq.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the {@code Implementation-Version} that maven-jar-plugin writes into the jar's manifest
 * ({@code addDefaultImplementationEntries}); run from class files (tests, an IDE) there is none.
 */
final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {line(HotplugWq.class.getPackage().getImplementationVersion())};
    }

    static String line(String implementationVersion) {
        return "hotplugwq " + (implementationVersion == null ? "(development build: no jar manifest)"
                : implementationVersion);
    }
}
