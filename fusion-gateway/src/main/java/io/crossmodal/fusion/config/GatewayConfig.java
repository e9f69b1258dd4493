package io.crossmodal.fusion.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Settings of the fusion gateway; every key is documented in fusion-gateway/README.md. Quarkus converts and validates
 * them at start-up: a bad value stops the start with a message naming its key.
 */
@ConfigMapping(prefix = "crossmodal.gateway")
public interface GatewayConfig {

    /** Most contents in one Encode call. */
    @Min(1) @WithDefault("256")
    int maxItemsPerCall();

    /** Most entries in an Encode call's target_spaces. */
    @Min(1) @WithDefault("16")
    int maxTargetSpaces();

    /** Deadline given to encoder calls when the caller set none, so no call waits forever; positive. */
    @DurationMin(nanos = 0, inclusive = false)
    @WithDefault("30s")
    Duration defaultDeadline();

    /** How long the caller is told to wait (RetryInfo) when an encoder cannot be reached; zero or more. */
    @DurationMin(nanos = 0)
    @WithDefault("1s")
    Duration unavailableRetryAfter();

    /** Images per EmbedImages call: the vision service refuses more than its max_items_per_call (32). */
    @Min(1) @WithDefault("32")
    int visionMaxImagesPerCall();

    /**
     * Image bytes per EmbedImages call, so one call stays under the vision service's max_request_bytes (32 MiB,
     * refused by gRPC before the service reads it); an image larger than this travels alone.
     */
    @Min(1) @WithDefault("31457280")
    int visionMaxBytesPerCall();

    /**
     * Vision calls (EmbedImages batches, DescribeImage calls) one Encode call keeps in flight. Bounded because each
     * vision model queues a limited number of images and answers RESOURCE_EXHAUSTED beyond it.
     */
    @Min(1) @WithDefault("2")
    int visionCallsInFlight();

    /** Most vectors in one FuseVectors call. */
    @Min(1) @WithDefault("256")
    int fuseMaxVectors();

    /** Largest dimension FuseVectors accepts (the largest space served today is 480-d). */
    @Min(1) @WithDefault("4096")
    int fuseMaxDimension();

    /** Most ranked lists in one FuseScores call. */
    @Min(1) @WithDefault("16")
    int fuseMaxLists();

    /** Most items in one ranked list of a FuseScores call. */
    @Min(1) @WithDefault("10000")
    int fuseMaxListItems();
}
