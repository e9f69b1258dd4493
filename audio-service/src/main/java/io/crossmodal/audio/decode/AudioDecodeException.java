package io.crossmodal.audio.decode;

import java.util.Objects;

/**
 * Why audio was not decoded: a machine-readable {@link Reason} and a message a person can act on. Every failure of
 * {@link AudioDecoder#decode} and of {@link StreamingAudioDecoder} is one of these, whatever the bytes were; no other
 * exception escapes them.
 *
 * <p>Suggested gRPC mapping (done by the gRPC layer, not here): every reason with {@link Reason#clientError()} true
 * is {@code INVALID_ARGUMENT} (with {@code google.rpc.BadRequest}, the reason as the violation's reason);
 * {@link Reason#BUSY} is {@code RESOURCE_EXHAUSTED}; {@link Reason#CANCELLED} is {@code CANCELLED}.
 */
public final class AudioDecodeException extends Exception {

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

        /** True when the audio itself is at fault (the gRPC layer answers INVALID_ARGUMENT). */
        public boolean clientError() {
            return clientError;
        }
    }

    private final Reason reason;

    public AudioDecodeException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AudioDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "AudioDecodeException[" + reason + "]: " + getMessage();
    }
}
