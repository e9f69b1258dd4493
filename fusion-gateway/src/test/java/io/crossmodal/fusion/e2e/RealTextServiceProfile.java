package io.crossmodal.fusion.e2e;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The gateway in front of the real text service, with no vision service: its vision client is aimed at a closed
 * port (18099), so image contents meet an unreachable encoder while text contents reach a real one.
 */
public class RealTextServiceProfile implements QuarkusTestProfile {

    static final int CLOSED_PORT = 18099;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.grpc.clients.vision.test-port", Integer.toString(CLOSED_PORT));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealTextService.class));
    }
}
