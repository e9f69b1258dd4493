package io.crossmodal.vision.detect;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.batch.DynamicBatcher;
import io.crossmodal.runtime.batch.QueueFullException;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.call.RequestScope;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One object-detection model (CenterNet): its DJL model, its one predictor and its dynamic batcher. When the
 * model names an {@code embedding.output} ({@link EmbeddingSpec}), the same inference also yields the image
 * embedding: the backbone feature map pooled by {@link FeaturePooling}, so detection and embedding of one image
 * cost one run ({@link #analyze}).
 *
 * <p>{@link #detect} queues the image; on the batcher's single thread, which owns the predictor, the image is
 * letterboxed to the model's square input and run. Letterboxing there rather than on the caller's thread keeps
 * the queue small (a queued item is the caller's image, not a 3 MB float copy) and skips the work for items
 * dropped for their deadline; it costs about 10-30 ms for a 451x300 photo and 30-90 ms for 4000x3000 against
 * 120-200 ms per inference on 2 cores, and inference already uses every core (intra-op threads). The
 * output rows are decoded (boxes back to original pixels, clipped, score threshold, class-wise NMS, cap) when the
 * item's future completes.
 *
 * <p>The cost of an item is the pixel count of the original image ({@link BatcherConfig.CostModel#SUM},
 * unit {@value #COST_UNIT}). The CenterNet graph has batch size 1 baked in ({@code batch.max.size=1}); if a model
 * allows larger batches, the items of a batch still run one after the other, each failing on its own.
 */
public final class ObjectDetector implements AutoCloseable {

    /** Unit of the batch cost: pixels of the original images. */
    public static final String COST_UNIT = "pixels";

    private final ModelDescriptor descriptor;
    private final DetectorSpec spec;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final String inputName;
    private final Optional<EmbeddingSpec> embedding;
    private final DynamicBatcher<BufferedImage, Raw> batcher;

    /**
     * One item's model output (detection rows, and the pooled embedding when the model has one), or its own
     * failure when it ran in a batch with others.
     */
    private record Raw(Letterbox letterbox, float[] rows, float[] embedding, Exception error) {}

    /**
     * Everything one inference gives for an image.
     *
     * @param detections objects, best first, boxes in original pixels
     * @param embedding  the L2-normalised image vector, or null when the model has no {@code embedding.output}
     */
    public record Analysis(List<Detection> detections, float[] embedding) {}

    private ObjectDetector(
            ModelDescriptor descriptor, DetectorSpec spec, ZooModel<NDList, NDList> model, BatchMetrics metrics) {
        this.descriptor = descriptor;
        this.spec = spec;
        this.model = model;
        this.inputName = spec.inputName().orElseGet(() -> onlyInput(model, descriptor));
        this.embedding = EmbeddingSpec.from(descriptor);
        this.predictor = model.newPredictor();
        ServingProperties settings = descriptor.settings();
        BatcherConfig batching = new BatcherConfig(
                settings.get(ServingProperties.BATCH_MAX_SIZE, 1),
                settings.get(ServingProperties.BATCH_MAX_DELAY, Duration.ZERO),
                settings.get(ServingProperties.BATCH_QUEUE_CAPACITY, 64),
                settings.get(ServingProperties.BATCH_MAX_COST, Long.MAX_VALUE / 2),
                BatcherConfig.CostModel.SUM,
                COST_UNIT);
        this.batcher = new DynamicBatcher<>(descriptor.toString(), batching, this::runBatch, metrics);
    }

    /**
     * Opens the detection model of {@code descriptor} (engine, remapper setting, offline: {@link ModelLoader}).
     *
     * @param metrics where the batcher reports (the service passes a {@code MicrometerBatchMetrics} for
     *     {@code descriptor.name()}, {@code descriptor.engine()} and {@link #COST_UNIT})
     * @throws ModelRepositoryException when the settings, the label file or the model cannot be read
     */
    public static ObjectDetector open(ModelDescriptor descriptor, BatchMetrics metrics) {
        DetectorSpec spec = DetectorSpec.from(descriptor);
        ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
        try {
            return new ObjectDetector(descriptor, spec, model, metrics);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static String onlyInput(ZooModel<NDList, NDList> model, ModelDescriptor descriptor) {
        var inputs = model.describeInput();
        if (inputs == null || inputs.size() != 1) {
            throw new ModelRepositoryException("Model " + descriptor + " has "
                    + (inputs == null ? "no described" : inputs.size()) + " inputs "
                    + (inputs == null ? "" : inputs.keys()) + "; name the image input with '"
                    + ServingProperties.IMAGE_INPUT + "' in "
                    + descriptor.settings().file());
        }
        return inputs.get(0).getKey();
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public DetectorSpec spec() {
        return spec;
    }

    public BatcherConfig batching() {
        return batcher.config();
    }

    /** The image-embedding settings, when the model exposes a feature map ({@code embedding.output}). */
    public Optional<EmbeddingSpec> embedding() {
        return embedding;
    }

    /**
     * Detects the objects in {@code image}, the decoded, orientation-corrected image.
     *
     * <p>The image is read later, on the batcher's thread: do not change it until the future completes.
     *
     * @return the objects, best score first, boxes in pixels of {@code image}; completes exceptionally with
     *     {@code RequestDroppedException} when the item is dropped (deadline, cancellation, shutdown) or with the
     *     inference error
     * @throws QueueFullException when the model's queue is full (RESOURCE_EXHAUSTED with RetryInfo)
     * @throws IllegalStateException when the detector is closed
     */
    public CompletableFuture<List<Detection>> detect(BufferedImage image, DetectOptions options, RequestScope scope) {
        return analyze(image, options, scope).thenApply(Analysis::detections);
    }

    /**
     * The image's embedding: the backbone feature map of the same inference that detects objects, pooled over
     * the cells the image covers ({@link FeaturePooling}) and L2-normalised. Deterministic: the same image gives
     * the same vector.
     *
     * @throws UnsupportedOperationException when the model exposes no feature map ({@link #embedding()} empty)
     */
    public CompletableFuture<float[]> embed(BufferedImage image, RequestScope scope) {
        if (embedding.isEmpty()) {
            throw new UnsupportedOperationException("Model " + descriptor + " gives no image embedding (no "
                    + "embedding.output in its serving.properties)");
        }
        return analyze(image, DetectOptions.DEFAULTS, scope).thenApply(Analysis::embedding);
    }

    /**
     * Objects and (when the model has one) the embedding from one inference: what a caller wanting both pays
     * once. Same contract as {@link #detect}.
     */
    public CompletableFuture<Analysis> analyze(BufferedImage image, DetectOptions options, RequestScope scope) {
        DetectOptions.Resolved resolved = options.resolve(spec);
        long pixels = (long) image.getWidth() * image.getHeight();
        return batcher.submit(image, pixels, scope).thenApply(raw -> {
            if (raw.error() != null) {
                throw new CompletionException(raw.error());
            }
            return new Analysis(DetectionDecoder.decode(raw.rows(), raw.letterbox(), spec, resolved), raw.embedding());
        });
    }

    /**
     * Runs one inference on a blank (black) image through the batcher, so that the first request does not pay for
     * the graph's first run (kernel selection, allocations); call it before reporting SERVING.
     *
     * @return how long it took
     */
    public Duration warmUp() {
        long start = System.nanoTime();
        BufferedImage blank = new BufferedImage(spec.imageSize(), spec.imageSize(), BufferedImage.TYPE_INT_RGB);
        detect(blank, DetectOptions.DEFAULTS, RequestScope.UNBOUNDED).join();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Called on the batcher thread only: one inference per image (the graph's batch size is 1). */
    private List<Raw> runBatch(List<BufferedImage> images) throws Exception {
        List<Raw> out = new ArrayList<>(images.size());
        if (images.size() == 1) {
            out.add(runOne(images.get(0)));
            return out;
        }
        for (BufferedImage image : images) {
            try {
                out.add(runOne(image));
            } catch (Exception e) {
                out.add(new Raw(null, null, null, e));
            }
        }
        return out;
    }

    private Raw runOne(BufferedImage image) throws Exception {
        Letterbox letterbox = Letterbox.of(image, spec.imageSize(), spec.align());
        float[] pixels = letterbox.render(image);
        int size = spec.imageSize();
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(pixels, new Shape(1, size, size, 3));
            input.setName(inputName);
            NDList outputs = predictor.predict(new NDList(input));
            try {
                NDArray detections = outputs.get(spec.outputName());
                if (detections == null) {
                    List<String> names = outputs.stream().map(NDArray::getName).toList();
                    throw new IllegalStateException("Model " + descriptor + " has no output '" + spec.outputName()
                            + "' (detection.output); outputs: " + names);
                }
                long[] dims = detections.getShape().getShape();
                if (dims[dims.length - 1] != DetectionDecoder.ROW) {
                    throw new IllegalStateException("Output '" + spec.outputName() + "' of " + descriptor
                            + " has shape " + detections.getShape() + ", expected rows of " + DetectionDecoder.ROW
                            + " (" + DetectorSpec.FORMAT + ")");
                }
                return new Raw(letterbox, detections.toFloatArray(), pooledEmbedding(outputs, letterbox), null);
            } finally {
                outputs.close();
            }
        }
    }

    private float[] pooledEmbedding(NDList outputs, Letterbox letterbox) {
        if (embedding.isEmpty()) {
            return null;
        }
        EmbeddingSpec e = embedding.get();
        NDArray map = outputs.get(e.outputName());
        if (map == null) {
            List<String> names = outputs.stream().map(NDArray::getName).toList();
            throw new IllegalStateException("Model " + descriptor + " has no output '" + e.outputName()
                    + "' (embedding.output); outputs: " + names);
        }
        long[] dims = map.getShape().getShape();
        if (dims.length != 4 || dims[0] != 1 || dims[3] != e.dimension()) {
            throw new IllegalStateException("Output '" + e.outputName() + "' of " + descriptor + " has shape "
                    + map.getShape() + ", expected (1, rows, cols, " + e.dimension() + ") (embedding.dimension)");
        }
        return FeaturePooling.meanOverImageCells(
                map.toFloatArray(), (int) dims[1], (int) dims[2], e.dimension(), letterbox);
    }

    /** Stops the batcher (queued items fail with SHUTDOWN), then frees the predictor and the model. */
    @Override
    public void close() {
        batcher.close();
        predictor.close();
        model.close();
    }
}
