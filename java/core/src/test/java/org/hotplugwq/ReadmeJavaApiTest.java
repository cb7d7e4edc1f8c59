package org.hotplugwq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's "Java API" program is examples/'s, which CI builds and runs against the installed library. */
class ReadmeJavaApiTest {
    private static final Path TOP = Path.of("../..");

    @Test
    void theReadmeProgramIsTheExample() throws IOException {
        String readme = Files.readString(TOP.resolve("README.md"));
        int section = readme.indexOf("\n## Java API\n");
        assertThat(section).as("README has a Java API section").isPositive();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("\n```", start);
        String example = Files.readString(
                TOP.resolve("examples/src/main/java/org/hotplugwq/examples/HotplugExample.java"));
        assertThat(readme.substring(start, end)).isEqualTo(example.stripTrailing());
    }
}
