package io.crossmodal.vision.inference;

import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.decode.ImageDecoder;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The way every image enters the service: decoded under the decoder's limits, then admitted against the
 * in-flight {@link PixelBudget}. Run the request's inference through {@link Admitted#use}, which gives the pixels back
 * on every path, or close the result when the request that holds the image completes.
 */
public final class ImageIntake {

    private final ImageDecoder decoder;
    private final PixelBudget budget;

    public ImageIntake(ImageDecoder decoder, PixelBudget budget) {
        this.decoder = decoder;
        this.budget = budget;
    }

    /** A decoded image and its place in the pixel budget. */
    public record Admitted(DecodedImage image, PixelBudget.Lease lease) implements AutoCloseable {

        /**
         * Starts {@code work} on the image (queues it on a model) and gives the image's pixels back to the budget
         * when the work's future completes, however it ends, or at once when the work cannot start (a model's full
         * queue throws before any future exists). Work that queues several inferences must return a future that
         * completes only once none of them still reads the image.
         */
        public <T> CompletableFuture<T> use(Function<DecodedImage, CompletableFuture<T>> work) {
            CompletableFuture<T> result;
            try {
                result = work.apply(image);
            } catch (RuntimeException | Error e) {
                close();
                throw e;
            }
            return result.whenComplete((value, error) -> close());
        }

        @Override
        public void close() {
            lease.close();
        }
    }

    /**
     * @throws ImageDecodeException when the decoder refuses the bytes (see its reasons)
     * @throws PixelBudgetExceededException when the decoded image does not fit the in-flight budget now
     */
    public Admitted decode(ByteBuffer data, String mimeType) throws ImageDecodeException {
        DecodedImage image = decoder.decode(data, mimeType);
        long pixels = (long) image.width() * image.height();
        PixelBudget.Lease lease = budget.tryAcquire(pixels);
        if (lease == null) {
            throw new PixelBudgetExceededException(pixels, budget.inUse(), budget.capacity());
        }
        return new Admitted(image, lease);
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    public PixelBudget budget() {
        return budget;
    }
}
