package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hotplugwq.hotplug.EventSourceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --source} is read once, into the core's {@link EventSourceKind} and a poll interval. */
class StressOptionsTest {

    @Test
    void theSourceIsAKindAndAnOptionalPollInterval() {
        StressOptions poll = StressOptions.builder().source("poll:1ms").build();
        assertThat(poll.source()).isEqualTo(EventSourceKind.POLL);
        assertThat(poll.pollInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(poll.sourceSpec()).isEqualTo("poll:1ms");

        StressOptions uevent = StressOptions.builder().build();
        assertThat(uevent.source()).isEqualTo(EventSourceKind.UEVENT);
        assertThat(uevent.pollInterval()).isEqualTo(StressOptions.DEFAULT_POLL);
        assertThat(uevent.sourceSpec()).isEqualTo("uevent");

        assertThat(StressOptions.builder().source("aggregate").build().source()).isEqualTo(EventSourceKind.AGGREGATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"netlink", "poll:soon", "poll:", ":1ms"})
    void anythingElseIsRefusedNamingTheOption(String spec) {
        assertThatThrownBy(() -> StressOptions.builder().source(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--source").hasMessageContaining(spec);
    }
}
