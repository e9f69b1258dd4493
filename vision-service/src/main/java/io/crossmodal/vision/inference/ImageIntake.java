package io.crossmodal.vision.inference;

import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.decode.ImageDecoder;
import java.nio.ByteBuffer;

/**
 * The way every image enters the service: decoded under the decoder's limits, then admitted against the
 * in-flight {@link PixelBudget}. Close the result when the request that holds the image completes.
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
