package io.crossmodal.audio.decode;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Why audio was not decoded: a machine-readable {@link Reason} and a message a person can act on. Every failure of
 * {@link AudioDecoder#decode} and of {@link StreamingAudioDecoder} is one of these, whatever the bytes were; no other
 * exception escapes them.
 *
 * <p>Each reason has its kind of failure: every reason with {@link Reason#clientError()} true is invalid input (the
 * ErrorInfo reason is the reason's name); {@link Reason#BUSY} is an overload worth retrying shortly;
 * {@link Reason#CANCELLED} is a cancellation. The exception names no request field, because the decoder does not know
 * which one held the bytes ({@code audio}, {@code clips[3]}, {@code config.mime_type}): the caller's layer reports it
 * on its own field.
 */
public final class AudioDecodeException extends ServiceException {

    private static final long serialVersionUID = 1L;

    /** Machine-readable cause. */
    public enum Reason {
        /** No bytes at all (or, for a stream, no audio bytes before the client finished). */
        EMPTY(true),
        /** More bytes than {@link AudioLimits#maxBytes()}; refused before any parsing (or as a stream passes it). */
        TOO_LARGE_BYTES(true),
        /**
         * Longer than {@link AudioLimits#maxDuration()}: refused from the header when it says so (WAV data size,
         * FLAC total samples, Ogg last granule position), else as soon as the decoded length crosses the limit.
         */
        TOO_LONG(true),
        /**
         * Not WAV/RF64, FLAC, MP3 or Ogg Vorbis (by magic bytes), or a variant the decoder refuses: a WAV codec other
         * than PCM, IEEE float, A-law or mu-law, Ogg Opus, more channels than {@link AudioLimits#maxChannels()}, a
         * sample rate outside the limits' range.
         */
        UNSUPPORTED_FORMAT(true),
        /** A supported format, but truncated, corrupt or inconsistent. */
        CORRUPT(true),
        /** Decoding took longer than {@link AudioLimits#timeout()} (pathologically expensive input); it was aborted. */
        TIMEOUT(true),
        /** Every decoding thread was busy and the wait queue full, or no thread became free within the time budget. */
        BUSY(false),
        /** The calling thread was interrupted while waiting (e.g. the RPC was cancelled); the decode was aborted. */
        CANCELLED(false);

        private final boolean clientError;

        Reason(boolean clientError) {
            this.clientError = clientError;
        }

        /** True when the audio itself is at fault (invalid input: INVALID_ARGUMENT for a gRPC caller). */
        public boolean clientError() {
            return clientError;
        }
    }

    /** How long a caller refused for {@link Reason#BUSY} should wait: decoding threads free up quickly. */
    static final Duration BUSY_RETRY = Duration.ofMillis(200);

    private final Reason reason;

    public AudioDecodeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public AudioDecodeException(Reason reason, String message, Throwable cause) {
        super(kind(reason), reason.name(), message, null, reason == Reason.BUSY ? BUSY_RETRY : null, Map.of(), cause);
        this.reason = reason;
    }

    private static Kind kind(Reason reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.clientError()) {
            return Kind.INVALID_INPUT;
        }
        return reason == Reason.CANCELLED ? Kind.CANCELLED : Kind.OVERLOADED;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "AudioDecodeException[" + reason + "]: " + getMessage();
    }
}
