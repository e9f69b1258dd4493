package io.crossmodal.fusion.faults;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The gateway with its text client aimed at a port where nothing listens. */
public class NoTextServiceProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.grpc.clients.text.test-port", "18099");
    }
}
