package io.crossmodal.runtime.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A version prepared for several engines: which file each engine reads, and switching engines. */
class ModelDescriptorEnginesTest {

    private static ModelDescriptor descriptor(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new ModelDescriptor("m", "1", Path.of("/repo/m/1"), p);
    }

    @Test
    void eachEngineReadsItsOwnFile() {
        ModelDescriptor onnx = descriptor(
                "engine",
                "OnnxRuntime",
                "engines",
                "OnnxRuntime,TensorFlow",
                "engine.OnnxRuntime.model.file",
                "model.onnx",
                "engine.TensorFlow.model.file",
                "saved_model");
        assertEquals(Path.of("/repo/m/1/model.onnx"), onnx.modelPath());
        ModelDescriptor tf = onnx.withEngine("TensorFlow");
        assertEquals("TensorFlow", tf.engine());
        assertEquals(Path.of("/repo/m/1/saved_model"), tf.modelPath());
        assertEquals("OnnxRuntime", onnx.engine(), "the original descriptor is unchanged");
    }

    @Test
    void singleEngineVersionsKeepModelFileAndRefuseOtherEngines() {
        ModelDescriptor d = descriptor("engine", "OnnxRuntime", "model.file", "model.onnx");
        assertEquals(List.of("OnnxRuntime"), d.engines());
        assertEquals(Path.of("/repo/m/1/model.onnx"), d.modelPath());
        ModelRepositoryException e = assertThrows(ModelRepositoryException.class, () -> d.withEngine("TensorFlow"));
        assertTrue(e.getMessage().contains("TensorFlow") && e.getMessage().contains("OnnxRuntime"), e.getMessage());
    }
}
