package io.crossmodal.vision.decode;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Why an image was not decoded: a machine-readable {@link Reason} and a message a person can act on. Every failure
 * of {@link ImageDecoder#decode} is one of these, whatever the bytes were; no other exception escapes it.
 *
 * <p>Each reason has its kind of failure: every reason with {@link Reason#clientError()} true is invalid input (the
 * ErrorInfo reason is the reason's name); {@link Reason#BUSY} is an overload worth retrying shortly;
 * {@link Reason#CANCELLED} is a cancellation. The exception names no request field, because the decoder does not know
 * which one held the bytes ({@code image}, {@code images[3]}): the caller's layer reports it on its own field.
 */
public final class ImageDecodeException extends ServiceException {

    private static final long serialVersionUID = 1L;

    /** Machine-readable cause. */
    public enum Reason {
        /** No bytes at all. */
        EMPTY(true),
        /** More bytes than {@link DecodeLimits#maxBytes()}; refused before any parsing. */
        TOO_LARGE_BYTES(true),
        /** Width x height over {@link DecodeLimits#maxPixels()}; refused from the header, before the pixels are decoded. */
        TOO_MANY_PIXELS(true),
        /** Not one of PNG, JPEG, GIF, BMP, WebP, TIFF (by magic bytes), or a variant of one the decoder refuses. */
        UNSUPPORTED_FORMAT(true),
        /** A supported format, but truncated, corrupt or inconsistent. */
        CORRUPT(true),
        /** Decoding took longer than {@link DecodeLimits#timeout()} (pathologically expensive input); it was aborted. */
        TIMEOUT(true),
        /** Every decoding thread was busy and the wait queue full, or no thread became free within the time budget. */
        BUSY(false),
        /** The calling thread was interrupted while waiting (e.g. the RPC was cancelled); the decode was aborted. */
        CANCELLED(false);

        private final boolean clientError;

        Reason(boolean clientError) {
            this.clientError = clientError;
        }

        /** True when the image itself is at fault (invalid input: INVALID_ARGUMENT for a gRPC caller). */
        public boolean clientError() {
            return clientError;
        }
    }

    /** How long a caller refused for {@link Reason#BUSY} should wait: a decode takes tens of milliseconds. */
    static final Duration BUSY_RETRY = Duration.ofMillis(200);

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
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
        return "ImageDecodeException[" + reason + "]: " + getMessage();
    }
}
