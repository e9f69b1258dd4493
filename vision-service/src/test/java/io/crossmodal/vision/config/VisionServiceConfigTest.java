package io.crossmodal.vision.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.testing.ConfigMappings;
import io.crossmodal.vision.decode.DecodeLimits;
import io.smallrye.config.ConfigValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** crossmodal.vision.* read and validated as Quarkus does at start-up: bad values stop it, naming their key. */
class VisionServiceConfigTest {

    private static String refused(String key, String value) {
        ConfigValidationException e = ConfigMappings.refused(VisionServiceConfig.class, Map.of(key, value));
        assertEquals(1, e.getProblemCount(), e.getMessage());
        assertTrue(e.getProblem(0).getMessage().contains(key), e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaultsMakeValidDecodeLimits() {
        VisionServiceConfig c = ConfigMappings.read(VisionServiceConfig.class, Map.of());
        assertEquals(20_971_520L, c.maxImageBytes());
        assertEquals(Duration.ofSeconds(5), c.decodeTimeout());
        new DecodeLimits(c.maxImageBytes(), c.maxImagePixels(), c.decodeTimeout());
    }

    @Test
    void theDecodeLimitsAreCheckedAsConfiguration() {
        // DecodeLimits refuses these too, but later and without naming the key
        assertTrue(refused("crossmodal.vision.max-image-bytes", "2147483648").contains("less than or equal to"));
        assertTrue(refused("crossmodal.vision.max-image-pixels", String.valueOf(DecodeLimits.PIXELS_CEILING + 1))
                .contains("must be less than or equal to " + DecodeLimits.PIXELS_CEILING));
        assertTrue(refused("crossmodal.vision.decode-timeout", "0s").contains("must be longer than 0"));
        refused("crossmodal.vision.decode-timeout", "-1s");
        refused("crossmodal.vision.decode-threads", "0");
        refused("crossmodal.vision.max-images-per-call", "many");
        VisionServiceConfig edge = ConfigMappings.read(
                VisionServiceConfig.class,
                Map.of(
                        "crossmodal.vision.max-image-bytes", "2147483647",
                        "crossmodal.vision.max-image-pixels", String.valueOf(DecodeLimits.PIXELS_CEILING),
                        "crossmodal.vision.decode-timeout", "1ms"));
        new DecodeLimits(edge.maxImageBytes(), edge.maxImagePixels(), edge.decodeTimeout());
    }
}
