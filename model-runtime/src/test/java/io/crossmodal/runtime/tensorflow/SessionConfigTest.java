package io.crossmodal.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that asks for tensorflow.remapping=off loads with that session config and still computes right. */
@Tag("tensorflow")
class SessionConfigTest {

    @TempDir
    Path root;

    @Test
    void remappingOffIsPassedToTheSessionAndTheModelStillRuns() throws Exception {
        SavedModelFixtures.AffineModel affine = SavedModelFixtures.writeAffineModel(root, "affine", "1");
        try (Writer w = Files.newBufferedWriter(
                affine.versionDir().resolve("serving.properties"), StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write("\ntensorflow.remapping=off\n");
        }
        ModelDescriptor descriptor = new ModelRepository(root).get("affine", Optional.empty());
        var config = ModelLoader.tensorflowSessionConfig(descriptor).orElseThrow();
        assertEquals(
                org.tensorflow.proto.RewriterConfig.Toggle.OFF,
                config.getGraphOptions().getRewriteOptions().getRemapping());
        assertTrue(config.getIntraOpParallelismThreads() > 0, "DJL's thread settings are kept");

        try (ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager manager = model.getNDManager().newSubManager()) {
            float[][] x = {{1, 2, 3, 4}};
            NDList out = predictor.predict(new NDList(manager.create(x)));
            float[] y = out.get(0).toFloatArray();
            float[] expected = affine.expected(x)[0];
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], y[i], 1e-5);
            }
        }
    }

    @Test
    void withoutTheKeyDjlsDefaultConfigIsUsedUnchanged() throws Exception {
        SavedModelFixtures.writeAffineModel(root, "plain", "1");
        ModelDescriptor descriptor = new ModelRepository(root).get("plain", Optional.empty());
        assertTrue(ModelLoader.tensorflowSessionConfig(descriptor).isEmpty());
    }
}
