package io.crossmodal.text.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.testing.ConfigMappings;
import io.smallrye.config.ConfigValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** crossmodal.text.* read and validated as Quarkus does at start-up: bad values stop it, naming their key. */
class TextServiceConfigTest {

    private static TextServiceConfig read(Map<String, String> values) {
        return ConfigMappings.read(TextServiceConfig.class, values);
    }

    private static String refused(String key, String value) {
        ConfigValidationException e = ConfigMappings.refused(TextServiceConfig.class, Map.of(key, value));
        assertEquals(1, e.getProblemCount(), e.getMessage());
        assertTrue(e.getProblem(0).getMessage().contains(key), e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaults() {
        TextServiceConfig c = read(Map.of());
        assertEquals(List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-zh-v1.5"), c.models());
        assertEquals(0.3, c.chineseShareThreshold());
        assertEquals(TextServiceConfig.Truncation.END, c.defaultTruncation());
        assertEquals(Map.of(), c.engine());
        assertEquals(256, c.maxItemsPerCall());
    }

    @Test
    void theChineseShareIsInZeroExclusiveToOne() {
        assertEquals(
                1.0,
                read(Map.of("crossmodal.text.chinese-share-threshold", "1")).chineseShareThreshold());
        assertEquals(
                0.05,
                read(Map.of("crossmodal.text.chinese-share-threshold", "0.05")).chineseShareThreshold());
        assertTrue(refused("crossmodal.text.chinese-share-threshold", "0")
                .contains("crossmodal.text.chinese-share-threshold must be greater than 0"));
        assertTrue(refused("crossmodal.text.chinese-share-threshold", "1.5")
                .contains("crossmodal.text.chinese-share-threshold must be less than or equal to 1"));
        refused("crossmodal.text.chinese-share-threshold", "-0.2");
        refused("crossmodal.text.chinese-share-threshold", "30%");
    }

    @Test
    void truncationIsEndOrNone() {
        assertEquals(
                TextServiceConfig.Truncation.NONE,
                read(Map.of("crossmodal.text.default-truncation", "NONE")).defaultTruncation());
        assertEquals(
                TextServiceConfig.Truncation.NONE,
                read(Map.of("crossmodal.text.default-truncation", "none")).defaultTruncation());
        // before, anything but NONE silently meant END
        assertTrue(refused("crossmodal.text.default-truncation", "START").contains("end,none"));
    }

    @Test
    void enginesAreDjlEngineNames() {
        TextServiceConfig c = read(Map.of(
                "crossmodal.text.engine.\"all-minilm-l6-v2\"", "TensorFlow",
                "crossmodal.text.engine.\"bge-small-zh-v1.5\"", "OnnxRuntime"));
        assertEquals(
                Map.of(
                        "all-minilm-l6-v2",
                        TextServiceConfig.Engine.TensorFlow,
                        "bge-small-zh-v1.5",
                        TextServiceConfig.Engine.OnnxRuntime),
                c.engine());
        // the name passed to ModelDescriptor.withEngine, which compares it with serving.properties' engines
        assertEquals("TensorFlow", TextServiceConfig.Engine.TensorFlow.name());
        assertEquals("OnnxRuntime", TextServiceConfig.Engine.OnnxRuntime.name());
        // before, a misspelt engine only failed the model's load, after start-up
        assertTrue(refused("crossmodal.text.engine.\"all-minilm-l6-v2\"", "PyTorch")
                .contains("\"PyTorch\""));
    }

    @Test
    void limitsArePositive() {
        refused("crossmodal.text.max-items-per-call", "0");
        refused("crossmodal.text.max-items-per-call", "100001");
        refused("crossmodal.text.max-request-bytes", "0");
        refused("crossmodal.text.max-text-bytes", "-1");
        refused("crossmodal.text.models", " ");
    }
}
