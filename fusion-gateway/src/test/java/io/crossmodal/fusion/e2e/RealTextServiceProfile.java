package io.crossmodal.fusion.e2e;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The gateway in front of the real text service. */
public class RealTextServiceProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealTextService.class));
    }
}
