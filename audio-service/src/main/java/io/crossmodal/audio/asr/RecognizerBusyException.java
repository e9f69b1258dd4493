package io.crossmodal.audio.asr;

import java.time.Duration;

/**
 * Every decoder of a recogniser stayed busy for the whole wait: the call or stream was not started. The gRPC layer
 * answers {@code RESOURCE_EXHAUSTED} with a {@code RetryInfo} of about {@link #waited()}.
 *
 * <p>A decoder is held for a whole unary call or for the whole life of a stream, so the wait ends when one of those
 * finishes or is cancelled.
 */
public class RecognizerBusyException extends SpeechRecognitionException {

    private static final long serialVersionUID = 1L;

    private final int decoders;
    private final Duration waited;

    public RecognizerBusyException(String recognizer, int decoders, Duration waited) {
        super("All " + decoders + " decoders of the " + recognizer + " recogniser are busy (waited "
                + waited.toMillis() + " ms); retry later");
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
