package org.hotplugwq.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one parser of durations: as users type them, a bare number is seconds; and printed back. */
class DurationParserTest {

    @Test
    void durationsParseAsUsersTypeThem() {
        assertThat(DurationParser.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("20us")).isEqualTo(Duration.ofNanos(20_000));
        assertThat(DurationParser.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationParser.parseRange("20ms-100ms"))
                .containsExactly(Duration.ofMillis(20), Duration.ofMillis(100));
        assertThatThrownBy(() -> DurationParser.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "20ms", "1.5s", "250us", "7ns", "2s"})
    void theShortFormReadsBackAsItself(String text) {
        assertThat(DurationParser.format(DurationParser.parse(text))).isEqualTo(text);
    }

    @Test
    void everyUnitAndANegativeOne() {
        assertThat(DurationParser.parse("250ns")).isEqualTo(Duration.ofNanos(250));
        assertThat(DurationParser.parse("3µs")).isEqualTo(Duration.ofNanos(3_000));
        assertThat(DurationParser.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationParser.parse(" 2 MS ")).isEqualTo(Duration.ofMillis(2));
        assertThatThrownBy(() -> DurationParser.parse("-1ms")).hasMessageContaining("negative");
    }
}
