package org.hotplugwq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hotplugwq.stress.DurationParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The CLI's duration options read as the stress engine's do: one parser, a bare number is seconds. */
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @ValueSource(strings = {"250ns", "500us", "1ms", "2s", "1.5", "2m", "3"})
    void agreesWithTheStressEngine(String text) {
        assertThat(converter.convert(text)).isEqualTo(DurationParser.parse(text));
    }

    @Test
    void aBareNumberIsSeconds() {
        assertThat(converter.convert("2")).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "soon", "-1ms", ""})
    void refusesWhatIsNotAPositiveDuration(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class);
    }
}
