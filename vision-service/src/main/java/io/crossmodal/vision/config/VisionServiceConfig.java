package io.crossmodal.vision.config;

import io.crossmodal.vision.decode.DecodeLimits;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Settings of the vision service; every key is documented in vision-service/README.md. Quarkus converts and validates
 * them at start-up: a bad value stops the start with a message naming its key.
 */
@ConfigMapping(prefix = "crossmodal.vision")
public interface VisionServiceConfig {

    /** Root of the prepared model repository (read only). */
    @WithDefault("model-repository")
    String modelRepository();

    /** Object-detection model, by name in the repository (newest prepared version). */
    @WithDefault("centernet")
    String detectionModel();

    /** Largest encoded image accepted, in bytes; checked before anything is parsed. At most 2147483647 (one array). */
    @Min(1) @Max(Integer.MAX_VALUE) @WithDefault("20971520")
    long maxImageBytes();

    /**
     * Most pixels (width x height, from the header) an image may have; checked before it is decoded. At most
     * 715827861: three bytes per pixel must fit one array.
     */
    @Min(1) @Max(DecodeLimits.PIXELS_CEILING) @WithDefault("40000000")
    long maxImagePixels();

    /** Longest a single decode may take before it is aborted; positive. */
    @DurationMin(nanos = 0, inclusive = false)
    @WithDefault("5s")
    Duration decodeTimeout();

    /** Threads that decode images (bounded so hostile images cannot take every core). */
    @Min(1) @WithDefault("2")
    int decodeThreads();

    /**
     * Most decoded pixels all requests in flight may hold at once (4 bytes each); an image that does not fit is
     * refused with RESOURCE_EXHAUSTED and RetryInfo. Bounds the heap under bursts of large images.
     */
    @Min(1) @WithDefault("200000000")
    long maxPixelsInFlight();

    /** Most images one EmbedImages call may carry. */
    @Min(1) @WithDefault("32")
    int maxImagesPerCall();

    /** Run a blank image through every model before reporting SERVING. */
    @WithDefault("true")
    boolean warmUp();
}
