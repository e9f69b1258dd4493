package io.crossmodal.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end check of the TensorFlow path: the natives repacked by crossmodal-tensorflow-native load
 * offline, a SavedModel written in Java loads through DJL Criteria, and the batch dimension is dynamic.
 */
@Tag("tensorflow")
class TensorFlowEngineTest {

    private static final float TOLERANCE = 1e-5f;

    @BeforeAll
    static void offlineAndThreads() {
        // The root pom's surefire config sets these too; set them here so the test also works from an IDE.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty(
                "ai.djl.tensorflow.num_intraop_threads",
                System.getProperty(
                        "ai.djl.tensorflow.num_intraop_threads",
                        Integer.toString(Runtime.getRuntime().availableProcessors())));
        System.setProperty(
                "ai.djl.tensorflow.num_interop_threads",
                System.getProperty("ai.djl.tensorflow.num_interop_threads", "1"));
    }

    @Test
    void affineSavedModelRunsWithDynamicBatch(@TempDir Path root) throws Exception {
        SavedModelFixtures.AffineModel fixture = SavedModelFixtures.writeAffineModel(root, "affine", "1");

        Path versionDir = fixture.versionDir();
        assertEquals(root.resolve("affine").resolve("1"), versionDir);
        assertTrue(Files.isRegularFile(versionDir.resolve("saved_model.pb")));
        assertTrue(Files.isRegularFile(versionDir.resolve("serving.properties")));

        Engine engine = Engine.getEngine("TensorFlow");
        assertEquals("2.16.1", engine.getVersion());

        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine("TensorFlow")
                .optModelPath(versionDir)
                .optTranslator(new NoopTranslator())
                .build();

        float[][] batch3 = {
            {1f, 2f, 3f, 4f},
            {-0.5f, 0.25f, 8f, -3f},
            {0f, 0f, 0f, 0f},
        };
        float[][] batch1 = {{10f, -20f, 0.5f, 7.25f}};

        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            assertEquals("TensorFlow", model.getNDManager().getEngine().getEngineName());

            long t0 = System.nanoTime();
            assertPrediction(model, predictor, batch3, fixture.expected(batch3));
            long t1 = System.nanoTime();
            assertPrediction(model, predictor, batch1, fixture.expected(batch1));
            long t2 = System.nanoTime();
            System.out.printf(
                    "TensorFlowEngineTest: first inference (batch 3) %d ms, second (batch 1) %d ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        }
    }

    private static void assertPrediction(
            ZooModel<NDList, NDList> model, Predictor<NDList, NDList> predictor, float[][] x, float[][] expected)
            throws Exception {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(x);
            assertEquals(new Shape(x.length, SavedModelFixtures.IN_FEATURES), input.getShape());

            NDList out = predictor.predict(new NDList(input));
            assertEquals(1, out.size());
            NDArray y = out.singletonOrThrow();
            assertEquals(new Shape(x.length, SavedModelFixtures.OUT_FEATURES), y.getShape());

            float[] actual = y.toFloatArray();
            float[] flatExpected = new float[expected.length * SavedModelFixtures.OUT_FEATURES];
            for (int r = 0; r < expected.length; r++) {
                System.arraycopy(
                        expected[r],
                        0,
                        flatExpected,
                        r * SavedModelFixtures.OUT_FEATURES,
                        SavedModelFixtures.OUT_FEATURES);
            }
            assertArrayEquals(flatExpected, actual, TOLERANCE);
        }
    }
}
