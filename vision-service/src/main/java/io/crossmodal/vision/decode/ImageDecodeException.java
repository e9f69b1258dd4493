package io.crossmodal.vision.decode;

import java.util.Objects;

/**
 * Why an image was not decoded: a machine-readable {@link Reason} and a message a person can act on. Every failure
 * of {@link ImageDecoder#decode} is one of these, whatever the bytes were; no other exception escapes it.
 *
 * <p>Suggested gRPC mapping (done by the gRPC layer, not here): every reason with {@link Reason#clientError()} true
 * is {@code INVALID_ARGUMENT} (with {@code google.rpc.BadRequest}, the reason as the violation's reason);
 * {@link Reason#BUSY} is {@code RESOURCE_EXHAUSTED}; {@link Reason#CANCELLED} is {@code CANCELLED}.
 */
public final class ImageDecodeException extends Exception {

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

        /** True when the image itself is at fault (the gRPC layer answers INVALID_ARGUMENT). */
        public boolean clientError() {
            return clientError;
        }
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "ImageDecodeException[" + reason + "]: " + getMessage();
    }
}
