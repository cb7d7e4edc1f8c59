package org.hotplugwq.cli;

import java.time.Duration;
import org.hotplugwq.stress.DurationParser;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A positive duration, read by the one {@link DurationParser}: {@code 500us}, {@code 1ms}, {@code 2s}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = DurationParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (d.isZero()) {
            throw new TypeConversionException("'" + value + "' must be positive");
        }
        return d;
    }
}
