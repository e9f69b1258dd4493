package io.crossmodal.text.grpc;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with MiniLM and BGE on the TensorFlow engine (their SavedModel import, {@code saved_model/} of the
 * version folder), through the per-model engine override; only the models the test needs, to keep start-up short.
 */
public class TensorFlowProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "crossmodal.text.models", "all-minilm-l6-v2,bge-small-zh-v1.5",
                "crossmodal.text.engine.\"all-minilm-l6-v2\"", "TensorFlow",
                "crossmodal.text.engine.\"bge-small-zh-v1.5\"", "TensorFlow");
    }
}
