package io.crossmodal.audio.tts;

import java.util.List;
import java.util.Set;

/**
 * Speaks text with an external program. Implementations run the program as a separate process, never through a
 * shell, with the text on its standard input, within the {@link SynthesisLimits} of their
 * {@link SynthesisProcessRunner}. Thread-safe.
 */
public interface SpeechSynthesizer {

    /** Short name, e.g. {@code festival}, {@code espeak-ng}. */
    String name();

    /**
     * Languages this synthesizer speaks, as lower-case tags ({@code en}; {@code cmn}, {@code de}, {@code en-us}, …).
     * Requests may use any BCP-47 tag that {@link #supportsLanguage} accepts, which is more than this set
     * ({@code en-US}, {@code zh}, {@code zh-CN}, …). Empty when the program is not installed.
     */
    Set<String> languages();

    /** The voices, default voices first. Empty when the program is not installed. */
    List<Voice> voices();

    /** True when a request in this BCP-47 language (case-insensitive; {@code _} taken as {@code -}) can be spoken. */
    boolean supportsLanguage(String language);

    /**
     * True when the program and at least one voice were found at construction. Cheap: no process is started.
     */
    boolean isAvailable();

    /**
     * The startup check: returns when {@link #isAvailable()}, otherwise throws a
     * {@link SynthesisException.Reason#NOT_INSTALLED} exception saying what is missing and which Debian package
     * provides it.
     */
    void checkAvailable() throws SynthesisException;

    /**
     * Speaks {@code text}. Checked in this order, before any process starts: the length limit
     * ({@link SynthesisException.Reason#TEXT_TOO_LONG}), the language and voice, the text having something
     * speakable once control characters are removed ({@link SynthesisException.Reason#EMPTY_TEXT}), the program being
     * installed. Then the program runs within the time, output-size and concurrency limits.
     *
     * @param text     the text, as the client sent it
     * @param language BCP-47 tag; null or empty means the voice's language when a voice is given, else {@code en}
     * @param voice    a {@link Voice#name()}; null or empty means the default voice for the language
     * @return the audio at the voice's own rate and the voice used
     * @throws SynthesisException always with a {@link SynthesisException.Reason}
     */
    Synthesis synthesize(String text, String language, String voice) throws SynthesisException;
}
