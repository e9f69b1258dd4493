package io.crossmodal.fusion.faults;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The gateway in front of {@link FakeTextService} and {@link FakeVisionService} (one server, on a free port). */
public class FakeTextServiceProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeTextService.class));
    }
}
