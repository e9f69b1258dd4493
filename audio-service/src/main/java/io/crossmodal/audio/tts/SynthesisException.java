package io.crossmodal.audio.tts;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Why a text was not spoken: a machine-readable {@link Reason} and a message a person can act on. Every failure of
 * {@link SpeechSynthesizer#synthesize} is one of these.
 *
 * <p>Each reason has its kind of failure: every reason with {@link Reason#clientError()} true is invalid input on the
 * request's {@code language} ({@link Reason#UNSUPPORTED_LANGUAGE}), {@code voice} ({@link Reason#UNKNOWN_VOICE}) or
 * {@code text} (the rest), with the reason's name as ErrorInfo reason; {@link Reason#BUSY} is an overload (retry after
 * {@link SynthesisBusyException#retryAfter()}, else a second); {@link Reason#NOT_INSTALLED} is an unsupported request
 * (reason {@code MODEL_NOT_INSTALLED}, as for every model or program not installed); {@link Reason#CANCELLED} is a
 * cancellation; {@link Reason#FAILED} is an internal failure.
 */
public class SynthesisException extends ServiceException {

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

        /** True when the request itself is at fault (invalid input: INVALID_ARGUMENT for a gRPC caller). */
        public boolean clientError() {
            return clientError;
        }
    }

    /** How long a caller refused for {@link Reason#BUSY} waits when the refusal gives no better estimate. */
    static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final Reason reason;

    public SynthesisException(Reason reason, String message) {
        this(reason, message, null);
    }

    public SynthesisException(Reason reason, String message, Throwable cause) {
        this(reason, message, reason == Reason.BUSY ? BUSY_RETRY : null, cause);
    }

    /** For refusals that know how long a retry should wait ({@link SynthesisBusyException}). */
    protected SynthesisException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(
                kind(reason),
                reason == Reason.NOT_INSTALLED ? "MODEL_NOT_INSTALLED" : reason.name(),
                message,
                field(reason),
                retryAfter,
                Map.of(),
                cause);
        this.reason = reason;
    }

    private static Kind kind(Reason reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.clientError()) {
            return Kind.INVALID_INPUT;
        }
        return switch (reason) {
            case BUSY -> Kind.OVERLOADED;
            case CANCELLED -> Kind.CANCELLED;
            case NOT_INSTALLED -> Kind.UNSUPPORTED;
            default -> Kind.INTERNAL;
        };
    }

    /** The synthesis input at fault, for the reasons that blame one. */
    private static String field(Reason reason) {
        if (!reason.clientError()) {
            return null;
        }
        return switch (reason) {
            case UNSUPPORTED_LANGUAGE -> "language";
            case UNKNOWN_VOICE -> "voice";
            default -> "text";
        };
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
