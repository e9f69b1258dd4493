package io.crossmodal.audio.vad;

/**
 * One stretch of speech found by the voice-activity detector, in samples of the 16 kHz audio it was found in.
 *
 * @param startSample first sample of the speech (padding included), from the start of the clip or stream
 * @param endSample   sample after the last one (exclusive), padding included
 * @param confidence  mean speech probability of the detector's windows between the unpadded start and end, in [0, 1]
 */
public record SpeechSpan(long startSample, long endSample, float confidence) {

    /** The rate the samples are counted at. */
    public static final int SAMPLE_RATE = 16_000;

    public SpeechSpan {
        if (startSample < 0 || endSample < startSample) {
            throw new IllegalArgumentException("bad span [" + startSample + ", " + endSample + ")");
        }
    }

    /** Start in milliseconds, rounded down. */
    public long startMs() {
        return startSample * 1000 / SAMPLE_RATE;
    }

    /** End in milliseconds, rounded down. */
    public long endMs() {
        return endSample * 1000 / SAMPLE_RATE;
    }

    public long lengthSamples() {
        return endSample - startSample;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "[%d ms, %d ms) p=%.3f", startMs(), endMs(), confidence);
    }
}
