package io.crossmodal.audio.asr;

import io.crossmodal.audio.MonoAudio;
import java.util.List;
import java.util.Locale;

/**
 * A speech recogniser: 16 kHz mono audio in, words with timings out, for whole clips ({@link #transcribe}) and for
 * audio that arrives in chunks ({@link #openStream}). {@link PocketSphinxRecognizer} is the default; a neural
 * recogniser replaces it by implementing this interface (see audio-service/ASR.md).
 *
 * <p>Implementations are thread-safe: calls and streams may run concurrently, up to the recogniser's own capacity,
 * beyond which they wait a bounded time and then fail with {@link RecognizerBusyException}.
 */
public interface SpeechRecognizer extends AutoCloseable {

    /** Name reported to clients (the proto's {@code model}). */
    String name();

    /** Version of the engine and model, for ListModels. */
    String version();

    /** BCP-47 languages it recognises, e.g. {@code ["en"]}. */
    List<String> languages();

    /**
     * Whether it recognises {@code language} (BCP-47; empty means "en"): equal to one of {@link #languages()}, or
     * with the same primary subtag ("en-GB" for "en").
     */
    default boolean supportsLanguage(String language) {
        String wanted = (language == null || language.isBlank() ? "en" : language).toLowerCase(Locale.ROOT);
        String primary = wanted.split("[-_]", 2)[0];
        return languages().stream()
                .map(l -> l.toLowerCase(Locale.ROOT))
                .anyMatch(l -> l.equals(wanted) || l.split("[-_]", 2)[0].equals(primary));
    }

    /**
     * Transcribes a whole clip.
     *
     * @param audio16k mono audio at {@link MonoAudio#MODEL_RATE}
     * @throws IllegalArgumentException when the audio is not at 16 kHz
     * @throws RecognizerBusyException when no decoder became free in time
     * @throws SpeechRecognitionException when the engine fails
     */
    Transcript transcribe(MonoAudio audio16k);

    /**
     * Starts recognising audio that will arrive in chunks. Close the stream in every case (finally / on client
     * cancel): it holds a decoder.
     *
     * @throws RecognizerBusyException when no decoder became free in time
     * @throws SpeechRecognitionException when the engine fails
     */
    RecognitionStream openStream();

    /** Frees the recogniser's resources; streams still open are freed when they close. */
    @Override
    void close();
}
