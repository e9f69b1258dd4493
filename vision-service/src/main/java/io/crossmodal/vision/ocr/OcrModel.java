package io.crossmodal.vision.ocr;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.batch.DynamicBatcher;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.call.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One PaddleOCR model (detector, recogniser or angle classifier) behind its own {@link DynamicBatcher}: images of
 * different sizes in one batch are padded (bottom and right, with the normalised value 0) to the largest height
 * and width, and at least to {@code minWidth}. The batch cost is in pixels, padded to the largest item.
 *
 * <p>The model has one input {@code x} {@code [N, 3, H, W]} and one output whose first dimension is the batch.
 */
final class OcrModel implements AutoCloseable {

    /** One image for the model: 3 planes (BGR) of {@code height x width} normalised floats. */
    record Input(float[] chw, int width, int height) {

        long pixels() {
            return (long) width * height;
        }
    }

    /**
     * One item's output: its slice of the batch output, of shape {@code shape} (the output shape without the batch
     * dimension; for a padded batch it describes the padded size).
     */
    record Output(float[] values, long[] shape) {}

    private final ModelDescriptor descriptor;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final DynamicBatcher<Input, Output> batcher;
    private final int minWidth;

    private OcrModel(
            ModelDescriptor descriptor,
            ZooModel<NDList, NDList> model,
            BatchMetrics metrics,
            int minWidth,
            long defaultCost) {
        this.descriptor = descriptor;
        this.model = model;
        this.minWidth = minWidth;
        this.predictor = model.newPredictor();
        ServingProperties settings = descriptor.settings();
        BatcherConfig batching = new BatcherConfig(
                settings.get(ServingProperties.BATCH_MAX_SIZE, 1),
                settings.get(ServingProperties.BATCH_MAX_DELAY, Duration.ZERO),
                settings.get(ServingProperties.BATCH_QUEUE_CAPACITY, 64),
                settings.get(ServingProperties.BATCH_MAX_COST, defaultCost),
                BatcherConfig.CostModel.PADDED_TO_LONGEST,
                "pixels");
        this.batcher = new DynamicBatcher<>(descriptor.toString(), batching, this::runBatch, metrics);
    }

    /**
     * Loads {@code descriptor}'s model on its engine.
     *
     * @param minWidth narrowest padded batch width (the recogniser reads better with room on the right)
     * @param defaultCost batch cost budget when {@code batch.max.cost} is absent
     */
    static OcrModel open(ModelDescriptor descriptor, BatchMetrics metrics, int minWidth, long defaultCost) {
        ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
        try {
            return new OcrModel(descriptor, model, metrics, minWidth, defaultCost);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    ModelDescriptor descriptor() {
        return descriptor;
    }

    BatcherConfig batching() {
        return batcher.config();
    }

    /** Queues one image; its cost is its pixel count at the padded width. */
    CompletableFuture<Output> submit(Input input, RequestScope scope) {
        long cost = (long) Math.max(input.width(), minWidth) * input.height();
        return batcher.submit(input, cost, scope);
    }

    /** Runs one padded batch. Called on the batcher's thread only, which owns the predictor. */
    private List<Output> runBatch(List<Input> items) throws Exception {
        int n = items.size();
        int h = items.stream().mapToInt(Input::height).max().orElse(1);
        int w = Math.max(minWidth, items.stream().mapToInt(Input::width).max().orElse(1));
        float[] x = new float[n * 3 * h * w];
        for (int b = 0; b < n; b++) {
            Input in = items.get(b);
            int plane = in.width() * in.height();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < in.height(); y++) {
                    System.arraycopy(in.chw(), c * plane + y * in.width(), x, ((b * 3 + c) * h + y) * w, in.width());
                }
            }
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(x, new Shape(n, 3, h, w));
            input.setName("x");
            NDList outputs = predictor.predict(new NDList(input));
            NDArray out = outputs.get(0);
            long[] shape = out.getShape().getShape();
            if (shape.length < 2 || shape[0] != n) {
                throw new IllegalStateException(
                        "Model " + descriptor + " returned shape " + out.getShape() + " for input " + input.getShape());
            }
            float[] all = out.toFloatArray();
            outputs.close();
            int per = all.length / n;
            long[] itemShape = Arrays.copyOfRange(shape, 1, shape.length);
            List<Output> result = new ArrayList<>(n);
            for (int b = 0; b < n; b++) {
                result.add(new Output(Arrays.copyOfRange(all, b * per, (b + 1) * per), itemShape));
            }
            return result;
        }
    }

    @Override
    public void close() {
        batcher.close();
        predictor.close();
        model.close();
    }
}
