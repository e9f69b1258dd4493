package io.crossmodal.fusion.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.testing.ConfigMappings;
import io.smallrye.config.ConfigValidationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** crossmodal.gateway.* read and validated as Quarkus does at start-up: bad values stop it, naming their key. */
class GatewayConfigTest {

    private static String refused(String key, String value) {
        ConfigValidationException e = ConfigMappings.refused(GatewayConfig.class, Map.of(key, value));
        assertEquals(1, e.getProblemCount(), e.getMessage());
        assertTrue(e.getProblem(0).getMessage().contains(key), e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaults() {
        GatewayConfig c = ConfigMappings.read(GatewayConfig.class, Map.of());
        assertEquals(Duration.ofSeconds(30), c.defaultDeadline());
        assertEquals(Duration.ofSeconds(1), c.unavailableRetryAfter());
        assertEquals(256, c.maxItemsPerCall());
        assertEquals(256, c.fuseMaxVectors());
        assertEquals(4096, c.fuseMaxDimension());
        assertEquals(16, c.fuseMaxLists());
        assertEquals(10000, c.fuseMaxListItems());
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(refused("crossmodal.gateway.default-deadline", "0s").contains("must be longer than 0"));
        refused("crossmodal.gateway.default-deadline", "soon");
        assertTrue(refused("crossmodal.gateway.unavailable-retry-after", "-1s")
                .contains("must be longer than or equal to 0"));
        assertEquals(
                Duration.ZERO,
                ConfigMappings.read(GatewayConfig.class, Map.of("crossmodal.gateway.unavailable-retry-after", "0"))
                        .unavailableRetryAfter());
        refused("crossmodal.gateway.max-items-per-call", "0");
        refused("crossmodal.gateway.vision-calls-in-flight", "0");
        refused("crossmodal.gateway.fuse-max-vectors", "0");
        refused("crossmodal.gateway.fuse-max-dimension", "-1");
        refused("crossmodal.gateway.fuse-max-lists", "0");
        refused("crossmodal.gateway.fuse-max-list-items", "0");
    }
}
