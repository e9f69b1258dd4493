package io.crossmodal.audio.tts;

import java.time.Duration;
import java.util.Objects;

/**
 * What one synthesis may cost, and how many may run at once.
 *
 * @param maxTextChars   longest text accepted, in characters (Unicode code points), counted on the text as sent and
 *                       checked before anything else (default 2000)
 * @param timeout        wall-clock budget of one synthesis process, from its start to its exit; when spent, the
 *                       process and its descendants are killed (default 30 s; 2000 characters of English prose take
 *                       about 7 s with Festival alone, 14 s with two at once on two busy cores)
 * @param maxOutputBytes largest WAV a program may write, in bytes; the program is killed as soon as its output grows
 *                       past it (default 40 MiB: about 11 min of speech at 32 kHz, 15.8 min at 22.05 kHz; 2000
 *                       Chinese characters are about 12 min of espeak-ng speech, 32 MB)
 * @param maxConcurrent  synthesis processes running at once, over every synthesizer sharing the runner (default 2;
 *                       a Festival process holds about 340 MB)
 * @param queueTimeout   how long a synthesis waits for a free slot before failing with
 *                       {@link SynthesisBusyException} (default 5 s; zero fails at once when all slots are taken)
 */
public record SynthesisLimits(
        int maxTextChars, Duration timeout, long maxOutputBytes, int maxConcurrent, Duration queueTimeout) {

    public static final int DEFAULT_MAX_TEXT_CHARS = 2000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 40L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENT = 2;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound of {@link #maxOutputBytes()}: the WAV is held in one array, then as floats (twice as large). */
    public static final long OUTPUT_CEILING = 512L * 1024 * 1024;

    public SynthesisLimits {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("maxTextChars must be positive: " + maxTextChars);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (maxOutputBytes < 1 || maxOutputBytes > OUTPUT_CEILING) {
            throw new IllegalArgumentException(
                    "maxOutputBytes must be in [1, " + OUTPUT_CEILING + "]: " + maxOutputBytes);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queueTimeout must not be negative: " + queueTimeout);
        }
    }

    /** 2000 characters, 30 s, 40 MiB, 2 at once, 5 s wait for a slot. */
    public static SynthesisLimits defaults() {
        return new SynthesisLimits(
                DEFAULT_MAX_TEXT_CHARS,
                DEFAULT_TIMEOUT,
                DEFAULT_MAX_OUTPUT_BYTES,
                DEFAULT_MAX_CONCURRENT,
                DEFAULT_QUEUE_TIMEOUT);
    }

    public SynthesisLimits withMaxTextChars(int maxTextChars) {
        return new SynthesisLimits(maxTextChars, timeout, maxOutputBytes, maxConcurrent, queueTimeout);
    }

    public SynthesisLimits withTimeout(Duration timeout) {
        return new SynthesisLimits(maxTextChars, timeout, maxOutputBytes, maxConcurrent, queueTimeout);
    }

    public SynthesisLimits withMaxOutputBytes(long maxOutputBytes) {
        return new SynthesisLimits(maxTextChars, timeout, maxOutputBytes, maxConcurrent, queueTimeout);
    }

    public SynthesisLimits withMaxConcurrent(int maxConcurrent) {
        return new SynthesisLimits(maxTextChars, timeout, maxOutputBytes, maxConcurrent, queueTimeout);
    }

    public SynthesisLimits withQueueTimeout(Duration queueTimeout) {
        return new SynthesisLimits(maxTextChars, timeout, maxOutputBytes, maxConcurrent, queueTimeout);
    }
}
