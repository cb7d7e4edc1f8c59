package org.hotplugwq.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.hotplugwq.testkit.FakeSysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one vocabulary of {@code --source}: its names and the sources they open. */
class EventSourceKindTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EventSourceKind.class)
    void eachKindParsesFromItsNameInAnyCase(EventSourceKind kind) {
        assertThat(EventSourceKind.parse(kind.cliName())).isEqualTo(kind);
        assertThat(EventSourceKind.parse(" " + kind.cliName().toUpperCase(Locale.ROOT) + " ")).isEqualTo(kind);
    }

    @Test
    void anUnknownNameIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> EventSourceKind.parse("netlink")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'netlink'").hasMessageContaining("poll, aggregate or uevent");
    }

    @Test
    void thePollingKindsOpenASysfsPollerInTheirMode() throws Exception {
        FakeSysfs fake = FakeSysfs.machine(dir, 2);
        try (HotplugBridge bridge = HotplugBridge.forTree(fake.reader());
             HotplugEventSource poll = EventSourceKind.POLL.open(fake.reader(), bridge, Duration.ofMillis(1),
                     Duration.ofSeconds(1), notice -> { });
             HotplugEventSource aggregate = EventSourceKind.AGGREGATE.open(fake.reader(), bridge, Duration.ofMillis(2),
                     Duration.ofSeconds(1), notice -> { })) {
            assertThat(poll).isInstanceOf(SysfsPoller.class);
            assertThat(poll.describe()).startsWith("poll 1000us");
            assertThat(aggregate.describe()).startsWith("poll aggregate 2000us");
        }
    }
}
