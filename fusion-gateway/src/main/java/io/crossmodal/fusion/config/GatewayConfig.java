package io.crossmodal.fusion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Settings of the fusion gateway; every key is documented in fusion-gateway/README.md. */
@ConfigMapping(prefix = "crossmodal.gateway")
public interface GatewayConfig {

    /** Most contents in one Encode call. */
    @Min(1)
    @WithDefault("256")
    int maxItemsPerCall();

    /** Deadline given to encoder calls when the caller set none, so no call waits forever. */
    @WithDefault("30s")
    Duration defaultDeadline();

    /** How long the caller is told to wait (RetryInfo) when an encoder cannot be reached. */
    @WithDefault("1s")
    Duration unavailableRetryAfter();
}
