package io.crossmodal.audio.decode;

import io.crossmodal.audio.MonoAudio;
import java.time.Duration;
import java.util.Objects;

/**
 * What one decode may cost.
 *
 * @param maxBytes      largest encoded input accepted, in bytes (default 32 MiB, the service's largest gRPC message);
 *                      checked before any parsing, and for a stream on the running total
 * @param maxDuration   longest audio accepted (default 600 s); checked from the header before any sample is converted
 *                      where the header says how long the audio is, else while decoding, stopping as soon as the
 *                      decoded length crosses it. At most {@link #MAX_DURATION_CEILING} so that the 16 kHz output
 *                      always fits one Java array.
 * @param maxChannels   most channels accepted (default 32); more is {@code UNSUPPORTED_FORMAT}
 * @param minSampleRate lowest input sample rate accepted in Hz (default 4000)
 * @param maxSampleRate highest input sample rate accepted in Hz (default 384000)
 * @param timeout       time budget of one unary decode, from the moment a decoding thread starts on it (default
 *                      10 s); the same time again is allowed for waiting for a free thread. Not used by
 *                      {@link StreamingAudioDecoder}, whose work per chunk is proportional to the chunk.
 */
public record AudioLimits(
        long maxBytes, Duration maxDuration, int maxChannels, int minSampleRate, int maxSampleRate, Duration timeout) {

    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofSeconds(600);
    public static final int DEFAULT_MAX_CHANNELS = 32;
    public static final int DEFAULT_MIN_SAMPLE_RATE = 4_000;
    public static final int DEFAULT_MAX_SAMPLE_RATE = 384_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Upper bound of {@link #maxDuration()}: the 16 kHz float output must fit one {@code float[]}. */
    public static final Duration MAX_DURATION_CEILING =
            Duration.ofSeconds((Integer.MAX_VALUE - 64L) / MonoAudio.MODEL_RATE);
    /** Upper bound of {@link #maxChannels()} (WAVE_FORMAT_EXTENSIBLE can name 65535). */
    public static final int CHANNELS_CEILING = 1024;
    /** Bounds of the sample-rate range. */
    public static final int RATE_FLOOR = 1_000;

    public static final int RATE_CEILING = 1_000_000;

    public AudioLimits {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be in [1, " + Integer.MAX_VALUE + "]: " + maxBytes);
        }
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDuration.compareTo(MAX_DURATION_CEILING) > 0) {
            throw new IllegalArgumentException(
                    "maxDuration must be positive and at most " + MAX_DURATION_CEILING + ": " + maxDuration);
        }
        if (maxChannels < 1 || maxChannels > CHANNELS_CEILING) {
            throw new IllegalArgumentException("maxChannels must be in [1, " + CHANNELS_CEILING + "]: " + maxChannels);
        }
        if (minSampleRate < RATE_FLOOR || maxSampleRate > RATE_CEILING || minSampleRate > maxSampleRate) {
            throw new IllegalArgumentException("the sample-rate range must lie in [" + RATE_FLOOR + ", " + RATE_CEILING
                    + "] and not be empty: [" + minSampleRate + ", " + maxSampleRate + "]");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** 32 MiB, 600 s, 32 channels, 4000..384000 Hz, 10 s. */
    public static AudioLimits defaults() {
        return new AudioLimits(
                DEFAULT_MAX_BYTES,
                DEFAULT_MAX_DURATION,
                DEFAULT_MAX_CHANNELS,
                DEFAULT_MIN_SAMPLE_RATE,
                DEFAULT_MAX_SAMPLE_RATE,
                DEFAULT_TIMEOUT);
    }

    public AudioLimits withMaxBytes(long maxBytes) {
        return new AudioLimits(maxBytes, maxDuration, maxChannels, minSampleRate, maxSampleRate, timeout);
    }

    public AudioLimits withMaxDuration(Duration maxDuration) {
        return new AudioLimits(maxBytes, maxDuration, maxChannels, minSampleRate, maxSampleRate, timeout);
    }

    public AudioLimits withMaxChannels(int maxChannels) {
        return new AudioLimits(maxBytes, maxDuration, maxChannels, minSampleRate, maxSampleRate, timeout);
    }

    public AudioLimits withSampleRateRange(int minSampleRate, int maxSampleRate) {
        return new AudioLimits(maxBytes, maxDuration, maxChannels, minSampleRate, maxSampleRate, timeout);
    }

    public AudioLimits withTimeout(Duration timeout) {
        return new AudioLimits(maxBytes, maxDuration, maxChannels, minSampleRate, maxSampleRate, timeout);
    }

    /** Most input frames (samples per channel) accepted at {@code sampleRate}: {@code maxDuration x sampleRate}. */
    public long maxFrames(int sampleRate) {
        return maxDuration.toMillis() * sampleRate / 1000;
    }

    /** Checks a header's channel count and sample rate against the limits. */
    void checkShape(String format, int channels, long sampleRate) throws AudioDecodeException {
        if (channels < 1) {
            throw new AudioDecodeException(
                    AudioDecodeException.Reason.CORRUPT,
                    "the " + format + " header declares " + channels + " channels");
        }
        if (sampleRate < 1) {
            throw new AudioDecodeException(
                    AudioDecodeException.Reason.CORRUPT,
                    "the " + format + " header declares a sample rate of " + sampleRate + " Hz");
        }
        if (channels > maxChannels) {
            throw new AudioDecodeException(
                    AudioDecodeException.Reason.UNSUPPORTED_FORMAT,
                    "the " + format + " audio has " + channels + " channels, more than the limit of " + maxChannels);
        }
        if (sampleRate < minSampleRate || sampleRate > maxSampleRate) {
            throw new AudioDecodeException(
                    AudioDecodeException.Reason.UNSUPPORTED_FORMAT,
                    "the " + format
                            + " audio's sample rate of " + sampleRate + " Hz is outside the supported range of "
                            + minSampleRate + " to " + maxSampleRate + " Hz");
        }
    }

    /** The duration limit for messages: "600 s", "1.5 s". */
    String describeMaxDuration() {
        long millis = maxDuration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    /** Refuses {@code frames} at {@code sampleRate} when over {@link #maxDuration()} ({@code what} says where from). */
    void checkFrames(String format, long frames, int sampleRate, String what) throws AudioDecodeException {
        if (frames < 0 || frames > maxFrames(sampleRate)) {
            String length = frames < 0
                    ? "more than 2^63 samples"
                    : String.format(java.util.Locale.ROOT, "%.1f s", (double) frames / sampleRate);
            throw new AudioDecodeException(
                    AudioDecodeException.Reason.TOO_LONG,
                    "the " + format + " audio is " + length + " long (" + what + "), longer than the limit of "
                            + describeMaxDuration());
        }
    }
}
