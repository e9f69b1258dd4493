package io.crossmodal.audio.config;

import java.util.Set;

/** One or more configuration keys have bad values; the message names each key, its value and what was expected. */
public final class InvalidSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Set<String> keys;

    public InvalidSettingsException(String message, Set<String> keys) {
        super(message);
        this.keys = Set.copyOf(keys);
    }

    /** The full names of the bad keys. */
    public Set<String> keys() {
        return keys;
    }
}
