package io.crossmodal.servicekit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The gRPC server settings every Crossmodal service shares ({@code crossmodal.grpc.*}). */
@ConfigMapping(prefix = "crossmodal.grpc")
public interface GrpcServerConfig {

    /**
     * Age after which a client connection is closed gracefully, so clients balancing over DNS resolve again and reach
     * pods added since; {@code 0} keeps connections forever. Must not be negative.
     */
    @WithDefault("2m")
    Duration maxConnectionAge();

    /** Time calls in flight on an aged connection get to finish. Must not be negative. */
    @WithDefault("30s")
    Duration maxConnectionAgeGrace();

    /** How long shutdown waits for the calls in flight to finish before the server stops. */
    @WithDefault("30s")
    Duration drainTimeout();
}
