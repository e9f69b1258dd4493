package io.crossmodal.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.batch.DynamicBatcher;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.call.RequestScope;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorFlow engine end to end as a service uses it: a SavedModel written in Java into a model repository
 * folder, found through {@link ModelRepository}, opened by {@link ModelLoader}, and served through a
 * {@link DynamicBatcher} that stacks concurrent single requests into one {@code [n, 4]} tensor.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@Tag("tensorflow")
class TensorFlowBatcherTest {

    private static final float TOLERANCE = 1e-5f;
    private static final int ITEMS = 20;
    private static final int THREADS = 4;

    /** A different W for an older version: if it were loaded, every output would be off. */
    private static final float[][] OLD_W = {
        {1f, 0f, 0f},
        {0f, 1f, 0f},
        {0f, 0f, 1f},
        {1f, 1f, 1f},
    };

    @Test
    void savedModelFromRepositoryServesConcurrentRequestsInBatches(@TempDir Path root) throws Exception {
        SavedModelFixtures.writeAffineModel(root, "affine", "0", OLD_W, new float[] {0f, 0f, 0f});
        SavedModelFixtures.AffineModel fixture = SavedModelFixtures.writeAffineModel(root, "affine", "1");

        ModelDescriptor descriptor = new ModelRepository(root).get("affine", Optional.empty());
        assertEquals("1", descriptor.version(), "newest version");
        assertEquals(ModelLoader.TENSORFLOW, descriptor.engine());
        assertEquals(fixture.versionDir().toAbsolutePath().normalize(), descriptor.modelPath());

        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        Set<String> inferenceThreads = ConcurrentHashMap.newKeySet();

        try (ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            assertEquals("TensorFlow", model.getNDManager().getEngine().getEngineName());
            assertEquals("affine", model.getName());

            DynamicBatcher.BatchFunction<float[], float[]> stackAndRun = inputs -> {
                batchSizes.add(inputs.size());
                inferenceThreads.add(Thread.currentThread().getName());
                try (NDManager batchManager = model.getNDManager().newSubManager()) {
                    NDArray x = batchManager.create(inputs.toArray(new float[0][]));
                    assertEquals(new Shape(inputs.size(), SavedModelFixtures.IN_FEATURES), x.getShape());
                    NDList out = predictor.predict(new NDList(x));
                    out.attach(batchManager);
                    NDArray y = out.singletonOrThrow();
                    if (!y.getShape().equals(new Shape(inputs.size(), SavedModelFixtures.OUT_FEATURES))) {
                        throw new IllegalStateException("unexpected output shape " + y.getShape());
                    }
                    float[] flat = y.toFloatArray();
                    List<float[]> rows = new ArrayList<>(inputs.size());
                    for (int r = 0; r < inputs.size(); r++) {
                        float[] row = new float[SavedModelFixtures.OUT_FEATURES];
                        System.arraycopy(flat, r * row.length, row, 0, row.length);
                        rows.add(row);
                    }
                    return rows;
                }
            };

            BatcherConfig config = new BatcherConfig(
                    8, Duration.ofMillis(100), 64, Long.MAX_VALUE, BatcherConfig.CostModel.SUM, "items");
            Random random = new Random(42);
            float[][] x = new float[ITEMS][SavedModelFixtures.IN_FEATURES];
            for (float[] row : x) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = random.nextFloat() * 2 - 1;
                }
            }
            float[][] expected = fixture.expected(x);

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try (DynamicBatcher<float[], float[]> batcher =
                    new DynamicBatcher<>("affine", config, stackAndRun, BatchMetrics.NONE)) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<CompletableFuture<float[]>>>> perThread = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    perThread.add(pool.submit(() -> {
                        go.await();
                        List<CompletableFuture<float[]>> mine = new ArrayList<>();
                        for (int i = thread; i < ITEMS; i += THREADS) {
                            mine.add(batcher.submit(x[i], 1, RequestScope.withTimeout(TimeUnit.SECONDS.toNanos(30))));
                        }
                        return mine;
                    }));
                }
                go.countDown();

                float[][] actual = new float[ITEMS][];
                for (int t = 0; t < THREADS; t++) {
                    List<CompletableFuture<float[]>> mine = perThread.get(t).get(30, TimeUnit.SECONDS);
                    int i = t;
                    for (CompletableFuture<float[]> f : mine) {
                        actual[i] = f.get(30, TimeUnit.SECONDS);
                        i += THREADS;
                    }
                }
                for (int i = 0; i < ITEMS; i++) {
                    assertArrayEquals(expected[i], actual[i], TOLERANCE, "item " + i);
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(ITEMS, batchSizes.stream().mapToInt(Integer::intValue).sum(), "sizes " + batchSizes);
            assertTrue(batchSizes.stream().anyMatch(s -> s > 1), "no batching happened: " + batchSizes);
            assertTrue(batchSizes.stream().allMatch(s -> s <= 8), "sizes " + batchSizes);
            assertEquals(Set.of("batcher-affine"), inferenceThreads, "the predictor is used from one thread");
            System.out.println("TensorFlowBatcherTest: batch sizes " + batchSizes);
        }
    }

    /**
     * DJL reads {@code option.*} keys of serving.properties only when the Criteria does not set them, so bogus
     * values there show whether ModelLoader sets Tags and SignatureDefKey itself.
     */
    @Test
    void modelLoaderSetsTagsAndSignatureDefKey(@TempDir Path root) throws Exception {
        SavedModelFixtures.AffineModel fixture = SavedModelFixtures.writeAffineModel(root, "affine", "1");
        Path props = fixture.versionDir().resolve(ServingProperties.FILE_NAME);
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        p.setProperty("option.Tags", "no-such-tag");
        p.setProperty("option.SignatureDefKey", "no_such_signature");
        try (Writer out = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }

        // Control: without ModelLoader's options, DJL takes the bogus ones and cannot open the model.
        Criteria<NDList, NDList> plain = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("TensorFlow")
                .optModelPath(fixture.versionDir())
                .optTranslator(new NoopTranslator())
                .build();
        Exception control = assertThrows(Exception.class, () -> {
            try (ZooModel<NDList, NDList> ignored = plain.loadModel()) {
                // must not get here
            }
        });
        assertTrue(String.valueOf(control.getMessage()).contains("no-such-tag"), control.toString());

        ModelDescriptor descriptor = new ModelRepository(root).get("affine", Optional.of("1"));
        float[][] x = {{1f, 2f, 3f, 4f}};
        try (ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = model.getNDManager().newSubManager()) {
            NDList out = predictor.predict(new NDList(manager.create(x)));
            out.attach(manager);
            assertArrayEquals(fixture.expected(x)[0], out.singletonOrThrow().toFloatArray(), TOLERANCE);
        }
    }

    /** A model the engine cannot open must fail as a ModelRepositoryException naming the model, like other load errors. */
    @Test
    void modelLoaderReportsAnUnreadableSavedModelAsARepositoryError(@TempDir Path root) throws Exception {
        SavedModelFixtures.AffineModel fixture = SavedModelFixtures.writeAffineModel(root, "corrupt", "1");
        Files.write(fixture.versionDir().resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ModelDescriptor descriptor = new ModelRepository(root).get("corrupt", Optional.empty());

        RuntimeException e = assertThrows(
                RuntimeException.class, () -> ModelLoader.load(descriptor).close());
        assertInstanceOf(ModelRepositoryException.class, e, "raw engine exception escaped ModelLoader: " + e);
        assertTrue(e.getMessage().contains("corrupt@1"), e.getMessage());
    }

    @Test
    void modelLoaderExplainsMissingFilesAndUnknownEngines(@TempDir Path root) throws IOException {
        Path v1 = Files.createDirectories(root.resolve("ghost").resolve("1"));
        Files.writeString(v1.resolve(ServingProperties.FILE_NAME), "engine=OnnxRuntime\nmodel.file=model.onnx\n");
        ModelDescriptor ghost = new ModelRepository(root).get("ghost", Optional.empty());
        ModelRepositoryException missing = assertThrows(ModelRepositoryException.class, () -> ModelLoader.load(ghost));
        assertTrue(missing.getMessage().contains(v1.resolve("model.onnx").toString()), missing.getMessage());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Path v2 = Files.createDirectories(root.resolve("alien").resolve("1"));
        Files.writeString(v2.resolve(ServingProperties.FILE_NAME), "engine=NoSuchEngine\nmodel.file=.\n");
        ModelDescriptor alien = new ModelRepository(root).get("alien", Optional.empty());
        ModelRepositoryException unknown = assertThrows(ModelRepositoryException.class, () -> ModelLoader.load(alien));
        assertTrue(unknown.getMessage().contains("NoSuchEngine"), unknown.getMessage());
        assertFalse(unknown.getMessage().isBlank());
    }
}
