package io.crossmodal.vision.embed;

import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.inference.ImageIntake;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Embeds a batch of images in the detector's vision space: each image is decoded (and admitted against the pixel
 * budget), then queued on the detector, whose backbone feature map is pooled into the vector. An image is queued
 * as soon as it is decoded, so inference of one overlaps the decoding of the next.
 *
 * <p>Failures split in two: an image the decoder refuses is that item's failure ({@link Result#rejected()}); being
 * overloaded (decoders busy, pixel budget or model queue full) or cancelled is the call's, and gives back the
 * places the call already took before it is thrown.
 */
public final class ImageEmbedder {

    private ImageEmbedder() {}

    /** One encoded image: its bytes and the client's media type (empty = sniff). */
    public record Input(ByteBuffer data, String mimeType) {}

    /**
     * One image's outcome.
     *
     * @param image    what was decoded; null when rejected
     * @param vector   the L2-normalised embedding; null when rejected
     * @param rejected why the decoder refused the image (a client error); null on success
     */
    public record Result(DecodedImage image, float[] vector, ImageDecodeException rejected) {}

    /**
     * @return one result per input, in order
     * @throws ImageDecodeException only for reasons that are not the image's fault ({@code BUSY}, {@code CANCELLED})
     * @throws RuntimeException when overloaded ({@code PixelBudgetExceededException}, {@code QueueFullException})
     */
    public static CompletableFuture<List<Result>> embed(
            ImageIntake intake, ObjectDetector detector, List<Input> inputs, RequestScope scope)
            throws ImageDecodeException {
        List<ImageIntake.Admitted> admitted = new ArrayList<>();
        List<CompletableFuture<Result>> pending = new ArrayList<>(inputs.size());
        try {
            for (Input input : inputs) {
                ImageIntake.Admitted image;
                try {
                    image = intake.decode(input.data(), input.mimeType());
                } catch (ImageDecodeException e) {
                    if (!e.reason().clientError()) {
                        throw e;
                    }
                    pending.add(CompletableFuture.completedFuture(new Result(null, null, e)));
                    continue;
                }
                admitted.add(image);
                pending.add(detector.embed(image.image().pixels(), scope)
                        .whenComplete((vector, error) -> image.close())
                        .thenApply(vector -> new Result(image.image(), vector, null)));
            }
        } catch (RuntimeException e) {
            pending.forEach(f -> f.cancel(false));
            admitted.forEach(ImageIntake.Admitted::close);
            throw e;
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(
                        ignored -> pending.stream().map(CompletableFuture::join).toList());
    }
}
