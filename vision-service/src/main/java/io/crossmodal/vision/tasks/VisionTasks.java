package io.crossmodal.vision.tasks;

import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.error.ServiceException;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.describe.ImageDescription;
import io.crossmodal.vision.detect.DetectOptions;
import io.crossmodal.vision.detect.Detection;
import io.crossmodal.vision.detect.EmbeddingSpec;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.embed.ImageEmbedder;
import io.crossmodal.vision.inference.ImageIntake;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.ocr.TextLine;
import io.crossmodal.vision.ocr.TextReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What each vision RPC asks of the domain, from encoded images to results: checks the model name and the request's
 * limits, takes the images in ({@link ImageIntake}: decode limits, in-flight pixel budget, given back on every path)
 * and queues them on the models. Failures are {@link ServiceException}s, thrown at once (refused before any work) or
 * completing the future; invalid images name no field (the caller knows whether they came from {@code image} or
 * {@code images[3]}).
 */
@ApplicationScoped
public class VisionTasks {

    private final VisionModels models;
    private final VisionServiceConfig config;

    public VisionTasks(VisionModels models, VisionServiceConfig config) {
        this.models = models;
        this.config = config;
    }

    /** The objects found in one image, by the detector named {@code model}. */
    public record Detected(DecodedImage image, List<Detection> objects, String model) {}

    /** The text lines read in one image. */
    public record TextRead(DecodedImage image, List<TextLine> lines) {}

    /** One image as text. */
    public record Described(DecodedImage image, ImageDescription description) {}

    /** One result per image of an EmbedImages call, all in {@code space} of {@code detector}. */
    public record Embedded(ObjectDetector detector, EmbeddingSpec space, List<ImageEmbedder.Result> results) {}

    /**
     * @param model the detector the caller asks for; empty for this service's
     */
    public CompletableFuture<Detected> detect(
            String model, ImageEmbedder.Input image, DetectOptions options, RequestScope scope) {
        models.requireKnownDetectionModel(model);
        ObjectDetector detector = models.detector();
        ImageIntake.Admitted admitted = intake(image);
        return admitted.use(decoded -> detector.detect(decoded.pixels(), options, scope))
                .thenApply(objects -> new Detected(
                        admitted.image(), objects, detector.descriptor().name()));
    }

    /** @param minConfidence lines below it are left out, in [0, 1] */
    public CompletableFuture<TextRead> readText(ImageEmbedder.Input image, float minConfidence, RequestScope scope) {
        TextReader reader = models.reader();
        ImageIntake.Admitted admitted = intake(image);
        return admitted.use(decoded -> reader.read(decoded.pixels(), minConfidence, scope))
                .thenApply(lines -> new TextRead(admitted.image(), lines));
    }

    /**
     * The distinct object labels (best first) and the recognised lines of one image, detected and read in parallel
     * on one decode. This is how an image enters the text space through the gateway.
     *
     * @param minTagScore objects scoring below it give no tag, in [0, 1]; 0 for the detector's default
     */
    public CompletableFuture<Described> describe(ImageEmbedder.Input image, float minTagScore, RequestScope scope) {
        ObjectDetector detector = models.detector();
        TextReader reader = models.reader();
        DetectOptions options = new DetectOptions(minTagScore, 0, 0);
        ImageIntake.Admitted admitted = intake(image);
        return admitted.use(decoded -> describe(detector, reader, decoded, options, scope))
                .thenApply(description -> new Described(admitted.image(), description));
    }

    /**
     * When the reader refuses the image (its queue is full) after the detector took it, the call fails once that
     * detection is done with the image: its pixels are not given back while the detector's queue still holds it.
     */
    private static CompletableFuture<ImageDescription> describe(
            ObjectDetector detector, TextReader reader, DecodedImage image, DetectOptions options, RequestScope scope) {
        CompletableFuture<List<Detection>> objects = detector.detect(image.pixels(), options, scope);
        CompletableFuture<List<TextLine>> lines;
        try {
            lines = reader.read(image.pixels(), 0, scope);
        } catch (RuntimeException e) {
            return objects.handle((ignored, detectionError) -> {
                throw e;
            });
        }
        return objects.thenCombine(lines, ImageDescription::of);
    }

    /**
     * Embeds each image in the detector's vision space (pooled backbone features: visual similarity, not a space
     * shared with text). An image the decoder refuses is its own result's failure; overload fails the call.
     *
     * @param model the detector the caller asks for; empty for this service's
     */
    public CompletableFuture<Embedded> embed(String model, List<ImageEmbedder.Input> images, RequestScope scope) {
        models.requireKnownDetectionModel(model);
        if (images.isEmpty()) {
            throw invalidImages("EMPTY", "at least one image is required");
        }
        if (images.size() > config.maxImagesPerCall()) {
            throw invalidImages(
                    "TOO_MANY_ITEMS",
                    images.size() + " images; at most " + config.maxImagesPerCall()
                            + " per call (max_images_per_call)");
        }
        ObjectDetector detector = models.detector();
        EmbeddingSpec space = detector.embedding()
                .orElseThrow(() -> new ServiceException(
                        ServiceException.Kind.UNSUPPORTED,
                        "MODEL_NOT_INSTALLED",
                        "Model " + detector.descriptor() + " gives no image embedding (no embedding.output)"));
        return ImageEmbedder.embed(models.intake(), detector, images, scope)
                .thenApply(results -> new Embedded(detector, space, results));
    }

    private static ServiceException invalidImages(String reason, String message) {
        return new ServiceException(
                ServiceException.Kind.INVALID_INPUT, reason, message, "images", null, Map.of(), null);
    }

    private ImageIntake.Admitted intake(ImageEmbedder.Input image) {
        return models.intake().decode(image.data(), image.mimeType());
    }
}
