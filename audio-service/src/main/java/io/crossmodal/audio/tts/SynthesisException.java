package io.crossmodal.audio.tts;

import java.util.Objects;

/**
 * Why a text was not spoken: a machine-readable {@link Reason} and a message a person can act on. Every failure of
 * {@link SpeechSynthesizer#synthesize} is one of these; no other checked exception escapes it.
 *
 * <p>Suggested gRPC mapping (done by the gRPC layer, not here): every reason with {@link Reason#clientError()} true
 * is {@code INVALID_ARGUMENT} (with {@code google.rpc.BadRequest}, the reason as the violation's reason);
 * {@link Reason#BUSY} is {@code RESOURCE_EXHAUSTED} (with {@code RetryInfo}); {@link Reason#NOT_INSTALLED} is
 * {@code UNIMPLEMENTED}; {@link Reason#CANCELLED} is {@code CANCELLED}; {@link Reason#FAILED} is {@code INTERNAL}.
 */
public class SynthesisException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Machine-readable cause. */
    public enum Reason {
        /** More characters (code points) than the configured limit; refused before anything else is done. */
        TEXT_TOO_LONG(true),
        /** No text, or nothing speakable left (no letter or digit) once control characters are removed. */
        EMPTY_TEXT(true),
        /** A language tag no installed voice speaks, a malformed tag, or a voice asked to speak another language. */
        UNSUPPORTED_LANGUAGE(true),
        /** A voice name no synthesizer knows. */
        UNKNOWN_VOICE(true),
        /**
         * The program did not finish within the time budget (the text expands into too much speech, e.g. long
         * digit strings); it was killed with its whole process tree.
         */
        TIMEOUT(true),
        /** The WAV the program wrote grew past the byte limit; the program was killed. */
        OUTPUT_TOO_LARGE(true),
        /** Every synthesis slot stayed taken for the whole wait budget ({@link SynthesisBusyException}). */
        BUSY(false),
        /** The calling thread was interrupted (e.g. the RPC was cancelled); the program was killed. */
        CANCELLED(false),
        /** The program failed (non-zero exit, no or malformed WAV); the message carries the start of its stderr. */
        FAILED(false),
        /** The program or its voice data is not installed. */
        NOT_INSTALLED(false);

        private final boolean clientError;

        Reason(boolean clientError) {
            this.clientError = clientError;
        }

        /** True when the request itself is at fault (the gRPC layer answers INVALID_ARGUMENT). */
        public boolean clientError() {
            return clientError;
        }
    }

    private final Reason reason;

    public SynthesisException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public SynthesisException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    /** Shorthand for {@code reason().clientError()}. */
    public boolean clientError() {
        return reason.clientError();
    }

    @Override
    public String toString() {
        return "SynthesisException[" + reason + "]: " + getMessage();
    }
}
