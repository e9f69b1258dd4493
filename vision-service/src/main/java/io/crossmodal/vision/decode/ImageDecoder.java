package io.crossmodal.vision.decode;

import io.crossmodal.servicekit.exec.TimeBoundedExecutor;
import io.crossmodal.vision.decode.ImageDecodeException.Reason;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;

/**
 * Decodes untrusted image bytes (PNG, JPEG, GIF, BMP, WebP, TIFF) into a {@link DecodedImage}, or refuses them with
 * an {@link ImageDecodeException}; no other exception, no hang, no unbounded allocation.
 *
 * <p>In order: empty input and input over {@link DecodeLimits#maxBytes()} are refused at once; the format is sniffed
 * from the magic bytes (the MIME type is only a hint); the decode then runs on one of a fixed number of decoding
 * threads, where the reader first parses only the header, and an image whose width x height exceeds
 * {@link DecodeLimits#maxPixels()} is refused before its pixels are decoded or allocated. The calling thread waits at
 * most {@link DecodeLimits#timeout()} for a thread to become free and at most that long again for the decode itself;
 * when the budget is spent the reader is aborted ({@link javax.imageio.ImageReader#abort()}), its input starts
 * failing every read and the thread is interrupted.
 *
 * <p>Thread-safe; one instance is meant to be shared by the whole service. {@link #close()} stops its threads.
 */
public final class ImageDecoder implements AutoCloseable {

    static {
        // Never spill image streams to temporary files.
        ImageIO.setUseCache(false);
    }

    private final DecodeLimits limits;
    private final TimeBoundedExecutor executor;
    private final int threads;

    /** Default limits, one decoding thread per core, a queue of four waiting decodes per thread. */
    public ImageDecoder() {
        this(DecodeLimits.defaults());
    }

    /** One decoding thread per core, a queue of four waiting decodes per thread. */
    public ImageDecoder(DecodeLimits limits) {
        this(
                limits,
                Runtime.getRuntime().availableProcessors(),
                4 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param limits        bytes, pixels and time budget of each decode
     * @param threads       decodes that run at once (each holds up to about {@code 6 x maxPixels} bytes of pixels
     *                      at its peak for 8-bit images, more for 16-bit ones: size the heap for this)
     * @param queueCapacity decodes that may wait for a thread; beyond it {@link Reason#BUSY} at once
     */
    public ImageDecoder(DecodeLimits limits, int threads, int queueCapacity) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.threads = threads;
        this.executor = new TimeBoundedExecutor("image decoding", "images", threads, queueCapacity);
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Decoding threads. */
    public int threads() {
        return threads;
    }

    /** Decodes {@code data}; {@code mimeType} (may be null or empty) is a hint only. */
    public DecodedImage decode(byte[] data, String mimeType) throws ImageDecodeException {
        if (data == null) {
            throw new ImageDecodeException(Reason.EMPTY, "no image data");
        }
        return decode(ByteBuffer.wrap(data), mimeType);
    }

    /**
     * Decodes the remaining bytes of {@code data} (not moved, not copied, never written: a read-only view of a
     * protobuf {@code ByteString} works); {@code mimeType} (may be null or empty) is a hint only.
     */
    public DecodedImage decode(ByteBuffer data, String mimeType) throws ImageDecodeException {
        if (data == null || !data.hasRemaining()) {
            throw new ImageDecodeException(Reason.EMPTY, "the image is empty (0 bytes)");
        }
        if (data.remaining() > limits.maxBytes()) {
            throw new ImageDecodeException(
                    Reason.TOO_LARGE_BYTES,
                    "the image has " + data.remaining() + " bytes, more than the limit of " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(data).orElseThrow(() -> unsupported(data, mimeType));
        Optional<ImageFormat> declared = ImageFormat.fromMimeType(mimeType);
        boolean mismatch = mimeType != null
                && !mimeType.isBlank()
                && declared.map(d -> d != format).orElse(true);

        DecodeJob job = new DecodeJob(data.slice(), format, mismatch, limits);
        try {
            return executor.call(job::run, job::cancel, limits.timeout());
        } catch (TimeBoundedExecutor.BusyException e) {
            throw new ImageDecodeException(Reason.BUSY, "Image decoding is at capacity: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new ImageDecodeException(
                    Reason.TIMEOUT,
                    "decoding the " + format.formatName() + " image took longer than "
                            + limits.timeout().toMillis() + " ms and was aborted");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageDecodeException(Reason.CANCELLED, "interrupted while decoding the image", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ImageDecodeException decodeException) {
                throw decodeException;
            }
            throw new ImageDecodeException(
                    Reason.CORRUPT, "the " + format.formatName() + " image could not be decoded: " + cause, cause);
        }
    }

    private static ImageDecodeException unsupported(ByteBuffer data, String mimeType) {
        String known = ImageFormat.recogniseUnsupported(data)
                .map(name -> "it looks like " + name + ", which")
                .orElse("its first bytes match no supported format; it");
        String hint = mimeType == null || mimeType.isBlank() ? "" : " (declared MIME type \"" + mimeType + "\")";
        return new ImageDecodeException(
                Reason.UNSUPPORTED_FORMAT,
                "the image format is not supported" + hint + ": " + known
                        + " is not one of PNG, JPEG, GIF, BMP, WebP, TIFF");
    }

    /** Stops the decoding threads; decodes still running are interrupted. */
    @Override
    public void close() {
        executor.close();
    }
}
