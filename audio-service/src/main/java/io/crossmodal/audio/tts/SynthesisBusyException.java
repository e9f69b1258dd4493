package io.crossmodal.audio.tts;

import java.time.Duration;

/**
 * Every synthesis slot ({@link SynthesisLimits#maxConcurrent()}) stayed taken for the whole wait budget
 * ({@link SynthesisLimits#queueTimeout()}); nothing was started. Reason {@link Reason#BUSY}; worth retrying later.
 */
public final class SynthesisBusyException extends SynthesisException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public SynthesisBusyException(String message, Duration retryAfter) {
        super(Reason.BUSY, message, retryAfter, null);
        this.retryAfter = retryAfter;
    }

    /** A hint for {@code google.rpc.RetryInfo}: how long the caller could wait before trying again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
