package io.crossmodal.audio;

/**
 * Mono audio as the service's domain code passes it around: samples in [-1, 1] at {@code sampleRate} Hz. The
 * decoder produces it at 16 kHz ({@link #MODEL_RATE}), the rate every model of the service takes; the
 * synthesizers produce it at their voice's own rate.
 *
 * @param samples    the samples; not copied, so do not change them after handing them over
 * @param sampleRate samples per second
 */
public record MonoAudio(float[] samples, int sampleRate) {

    /** The rate the voice-activity, embedding and recognition models take. */
    public static final int MODEL_RATE = 16_000;

    public MonoAudio {
        if (samples == null) {
            throw new IllegalArgumentException("samples are null");
        }
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
        }
    }

    /** Length in milliseconds, rounded down. */
    public long durationMillis() {
        return samples.length * 1000L / sampleRate;
    }

    /** Length in seconds. */
    public double durationSeconds() {
        return (double) samples.length / sampleRate;
    }
}
