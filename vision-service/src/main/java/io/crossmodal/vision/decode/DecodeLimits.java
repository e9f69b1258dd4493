package io.crossmodal.vision.decode;

import java.time.Duration;
import java.util.Objects;

/**
 * What one decode may cost.
 *
 * @param maxBytes  largest encoded image accepted, in bytes (default 20 MiB); checked before any parsing
 * @param maxPixels largest width x height accepted (default 40 megapixels); checked from the header before the
 *                  pixels are decoded, and again on the decoded raster. At most {@value #PIXELS_CEILING}, so that the
 *                  3-byte-per-pixel output always fits one Java array.
 * @param timeout   time budget of one decode, from the moment a decoding thread starts on it (default 5 s); the
 *                  same time again is allowed for waiting for a free thread
 */
public record DecodeLimits(long maxBytes, long maxPixels, Duration timeout) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound for {@link #maxPixels()}: 3 bytes per pixel must fit in one {@code byte[]}. */
    public static final long PIXELS_CEILING = (Integer.MAX_VALUE - 64) / 3;

    public DecodeLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        if (maxBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be at most " + Integer.MAX_VALUE + ": " + maxBytes);
        }
        if (maxPixels <= 0 || maxPixels > PIXELS_CEILING) {
            throw new IllegalArgumentException("maxPixels must be in [1, " + PIXELS_CEILING + "]: " + maxPixels);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** 20 MiB, 40 megapixels, 5 s. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_TIMEOUT);
    }

    public DecodeLimits withMaxBytes(long maxBytes) {
        return new DecodeLimits(maxBytes, maxPixels, timeout);
    }

    public DecodeLimits withMaxPixels(long maxPixels) {
        return new DecodeLimits(maxBytes, maxPixels, timeout);
    }

    public DecodeLimits withTimeout(Duration timeout) {
        return new DecodeLimits(maxBytes, maxPixels, timeout);
    }
}
