package io.crossmodal.audio.asr;

import java.time.Duration;

/**
 * Every decoder of a recogniser stayed busy for the whole wait: the call or stream was not started. An overload
 * (reason {@code RECOGNIZER_BUSY}) worth retrying after about a second.
 *
 * <p>A decoder is held for a whole unary call or for the whole life of a stream, so the wait ends when one of those
 * finishes or is cancelled.
 */
public class RecognizerBusyException extends SpeechRecognitionException {

    private static final long serialVersionUID = 1L;

    /** A decoder is held for a whole call or stream: retrying much sooner finds them busy again. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final int decoders;
    private final Duration waited;

    public RecognizerBusyException(String recognizer, int decoders, Duration waited) {
        super(
                Kind.OVERLOADED,
                "RECOGNIZER_BUSY",
                "All " + decoders + " decoders of the " + recognizer + " recogniser are busy (waited "
                        + waited.toMillis() + " ms); retry later",
                RETRY,
                null);
        this.decoders = decoders;
        this.waited = waited;
    }

    /** How many decoders the recogniser has, all of them busy. */
    public int decoders() {
        return decoders;
    }

    /** How long the call waited for one. */
    public Duration waited() {
        return waited;
    }
}
