package io.crossmodal.fusion.e2e;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The gateway in front of the real audio service (its own JVM); text and vision clients at the closed port. */
public class RealAudioServiceProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RealAudioService.class));
    }
}
