package io.crossmodal.audio.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the keys under one prefix ({@code crossmodal.audio.asr.}, {@code crossmodal.audio.tts.}) from a lookup such
 * as MicroProfile Config's {@code k -> config.getOptionalValue(k, String.class)}, for the settings records of the
 * recogniser and the synthesizers. Plain Java, so those packages stay free of Quarkus types.
 *
 * <p>A missing or blank key keeps its default. A bad value does not stop the reading: it is noted (key, value, what
 * was expected), the default stands in for it, and {@link #check()} then throws one {@link InvalidSettingsException}
 * naming every bad key, so an operator fixes them all in one go.
 *
 * <p>Durations are written as Quarkus writes them: {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d},
 * {@code 1.5s}, a bare number of seconds ({@code 30}), or ISO-8601 ({@code PT30S}).
 */
public final class SettingsReader {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern MILLIS = Pattern.compile("[-+]?\\d+ms");
    private static final Pattern DECIMAL_UNIT = Pattern.compile("[-+]?\\d+(\\.\\d+)?[hms]");
    private static final Pattern DAYS = Pattern.compile("[-+]?\\d+(\\.\\d+)?d");

    private final String prefix;
    private final Function<String, Optional<String>> lookup;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> badKeys = new LinkedHashSet<>();

    /**
     * @param prefix the keys' common prefix, ending with a dot
     * @param lookup a full key to its value, empty when unset
     */
    public SettingsReader(String prefix, Function<String, Optional<String>> lookup) {
        this.prefix = prefix;
        this.lookup = lookup;
    }

    /** The full name of {@code key}. */
    public String key(String key) {
        return prefix + key;
    }

    /** The trimmed value of {@code key}; empty when unset or blank. */
    public Optional<String> string(String key) {
        return lookup.apply(key(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** An integer of at least {@code min}. */
    public int integer(String key, int defaultValue, int min) {
        return (int) longValue(key, defaultValue, min, Integer.MAX_VALUE);
    }

    /** An integer in [{@code min}, {@code max}]. */
    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String v = value.get();
        long parsed;
        try {
            if (!INTEGER.matcher(v).matches()) {
                throw new NumberFormatException();
            }
            parsed = Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            return invalid(key, v, "an integer", defaultValue);
        }
        if (parsed < min || parsed > max) {
            return invalid(key, v, max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + min
                    : "between " + min + " and " + max, defaultValue);
        }
        return parsed;
    }

    /** {@code true} or {@code false} (any case). */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> invalid(key, value.get(), "true or false", defaultValue);
        };
    }

    /**
     * A duration (see the class comment).
     *
     * @param allowZero whether zero is allowed (negative never is)
     */
    public Duration duration(String key, Duration defaultValue, boolean allowZero) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String expected = allowZero ? "a duration of zero or more such as 5s, 500ms or PT5S"
                : "a positive duration such as 30s, 500ms or PT30S";
        Duration parsed;
        try {
            parsed = parseDuration(value.get());
        } catch (IllegalArgumentException e) {
            return invalid(key, value.get(), expected, defaultValue);
        }
        if (parsed.isNegative() || (!allowZero && parsed.isZero())) {
            return invalid(key, value.get(), expected, defaultValue);
        }
        return parsed;
    }

    /** A whole number of milliseconds, zero or more (keys named {@code ...-ms}). */
    public Duration millis(String key, Duration defaultValue) {
        return Duration.ofMillis(longValue(key, defaultValue.toMillis(), 0, Long.MAX_VALUE));
    }

    public Path path(String key, Path defaultValue) {
        return path(key).orElse(defaultValue);
    }

    public Optional<Path> path(String key) {
        Optional<String> value = string(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(value.get()));
        } catch (InvalidPathException e) {
            invalid(key, value.get(), "a file system path", null);
            return Optional.empty();
        }
    }

    /** Comma-separated values, trimmed, blanks dropped. */
    public List<String> commaList(String key, List<String> defaultValue) {
        return string(key).map(SettingsReader::commaList).orElse(defaultValue);
    }

    public static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Notes a problem with {@code key} found by the caller (e.g. a rule across values). */
    public void problem(String key, String message) {
        badKeys.add(key(key));
        problems.add(key(key) + ": " + message);
    }

    /** Whether a bad value has been noted. */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /**
     * @throws InvalidSettingsException naming every bad key and value seen so far
     */
    public void check() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid configuration: " + String.join("; ", problems), badKeys);
        }
    }

    private <T> T invalid(String key, String value, String expected, T defaultValue) {
        problem(key, "'" + value + "' is not valid, expected " + expected);
        return defaultValue;
    }

    /**
     * Parses a duration the way Quarkus does: a bare integer is seconds, {@code 500ms}, {@code 1.5s}, {@code 2m},
     * {@code 1h}, {@code 1d}, else ISO-8601 ({@code PT30S}); case-insensitive.
     *
     * @throws IllegalArgumentException when it is none of those
     */
    public static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (INTEGER.matcher(v).matches()) {
                return Duration.ofSeconds(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
            }
            if (MILLIS.matcher(v).matches()) {
                String digits = v.substring(0, v.length() - 2);
                return Duration.ofMillis(Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits));
            }
            if (DECIMAL_UNIT.matcher(v).matches()) {
                return Duration.parse("PT" + v);
            }
            if (DAYS.matcher(v).matches()) {
                return Duration.parse("P" + v);
            }
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: " + value, e);
        }
    }
}
