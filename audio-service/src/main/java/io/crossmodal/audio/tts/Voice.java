package io.crossmodal.audio.tts;

import java.util.Objects;

/**
 * A voice a synthesizer can speak with.
 *
 * @param name        what a request's {@code voice} field names, e.g. {@code cmu_us_slt_arctic_hts} or {@code cmn};
 *                    unique across the synthesizers of one {@link SynthesizerRouter}
 * @param language    the language it speaks, as a lower-case tag: {@code en}, {@code cmn}, {@code en-gb}, {@code de}
 * @param synthesizer the {@link SpeechSynthesizer#name()} it belongs to
 * @param description a human-readable label, e.g. {@code Chinese (Mandarin, latin as English)}
 */
public record Voice(String name, String language, String synthesizer, String description) {

    public Voice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(synthesizer, "synthesizer");
        Objects.requireNonNull(description, "description");
    }
}
