package io.crossmodal.audio.config;

import java.util.Locale;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A boolean that is {@code true} or {@code false} (any case) and nothing else. SmallRye's own boolean converter reads
 * every other word as {@code false}, so {@code enabled=ture} would switch a synthesizer off without a word; here it
 * stops the start, naming the key.
 */
public final class TrueOrFalseConverter implements Converter<Boolean> {

    private static final long serialVersionUID = 1L;

    @Override
    public Boolean convert(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "" -> null;
            default -> throw new IllegalArgumentException("'" + value + "' is not valid, expected true or false");
        };
    }
}
