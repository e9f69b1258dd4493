package io.crossmodal.fusion.e2e;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The gateway in front of the real text and vision services, each in its own JVM. Both start in parallel (each
 * loads and warms its models for 10-20 s); every test needing real images shares this one profile, so they start
 * once per test run.
 */
public class RealEncodersProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(RealTextService.class, Map.of(), true),
                new TestResourceEntry(RealVisionService.class, Map.of(), true));
    }
}
