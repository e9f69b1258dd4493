package io.crossmodal.text.grpc;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service configured with one model the repository does not have. */
public class MissingModelProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("crossmodal.text.models", "all-minilm-l6-v2,no-such-model");
    }
}
