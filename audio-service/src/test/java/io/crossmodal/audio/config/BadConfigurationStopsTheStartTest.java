package io.crossmodal.audio.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real application, started with bad values: Quarkus must refuse to start (exit code 1) and say which keys are
 * wrong and why. The other configuration tests read the mapping outside Quarkus; this one proves Quarkus itself
 * validates the nested groups, the custom constraint and the strict booleans the same way.
 */
@QuarkusMainTest
@TestProfile(BadConfigurationStopsTheStartTest.BadValues.class)
class BadConfigurationStopsTheStartTest {

    /** Three bad values that all convert, so that validation reports them together. */
    public static final class BadValues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "crossmodal.audio.asr.pool-size", "0",
                    "crossmodal.audio.asr.decoder-args", "-hmm /elsewhere",
                    "crossmodal.audio.tts.festival.default-voice", "(voice_kal)");
        }
    }

    @Test
    @Launch(
            value = {},
            exitCode = 1)
    void theStartFailsNamingEveryBadKey(LaunchResult result) {
        String output = result.getOutput() + "\n" + result.getErrorOutput();
        assertTrue(output.contains("crossmodal.audio.asr.pool-size must be greater than or equal to 1"), output);
        assertTrue(
                output.contains("crossmodal.audio.asr.decoder-args is not valid: -hmm is set by its own key "
                        + "(crossmodal.audio.asr.hmm)"),
                output);
        assertTrue(
                output.contains("crossmodal.audio.tts.festival.default-voice must be a Festival voice name"), output);
    }
}
