package io.crossmodal.servicekit.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The picocli converter of every duration option of the command-line tools ({@code cli}, {@code bench}):
 * {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, a plain number of seconds ({@code 30}, {@code 1.5}), or
 * ISO-8601 ({@code PT30S}); case-insensitive. Use as {@code @Option(converter = DurationConverter.class)}.
 *
 * <p>The services' own durations are read by SmallRye Config, which converts {@code Duration} itself.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws CommandLine.TypeConversionException when {@code value} is none of the forms above, so picocli
     *     reports it as a usage error naming the option
     */
    public static Duration parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt")) {
            try {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw notADuration(value);
            }
        }
        Matcher m = SIMPLE.matcher(v);
        if (!m.matches()) {
            throw notADuration(value);
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> throw new IllegalStateException(unit);
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    private static CommandLine.TypeConversionException notADuration(String value) {
        return new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration; use e.g. 500ms, 30s, 2m or PT30S");
    }
}
