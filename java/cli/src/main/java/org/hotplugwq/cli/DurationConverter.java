package org.hotplugwq.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 500us}, {@code 1ms}, {@code 2s}, {@code 250ns}; a bare number is milliseconds. */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s)?");

    @Override
    public Duration convert(String value) {
        Matcher m = FORMAT.matcher(value.strip());
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500us, 1ms, 2s)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double nanos;
        switch (unit) {
            case "ns": nanos = n; break;
            case "us":
            case "µs": nanos = n * 1e3; break;
            case "s": nanos = n * 1e9; break;
            default: nanos = n * 1e6; break;
        }
        if (nanos < 1) {
            throw new TypeConversionException("'" + value + "' must be positive");
        }
        return Duration.ofNanos((long) nanos);
    }
}
