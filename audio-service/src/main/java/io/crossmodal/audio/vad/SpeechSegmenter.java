package io.crossmodal.audio.vad;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns per-window speech probabilities (one per 512 samples at 16 kHz, as {@link SileroVad} gives them) into speech
 * segments, with Silero's reference algorithm ({@code get_speech_timestamps} of the silero-vad package, without its
 * optional {@code max_speech_duration_s} split):
 *
 * <ul>
 *   <li>speech starts at the first window whose probability is {@code >= threshold};</li>
 *   <li>it ends where the probability first falls below {@code negThreshold} (hysteresis), once it has stayed below
 *       it for {@code minSilenceMs}; a window back above {@code threshold} cancels a pending end;</li>
 *   <li>segments not longer than {@code minSpeechMs} are dropped;</li>
 *   <li>each kept segment is padded by {@code speechPadMs} on both sides; where two segments are closer than twice the
 *       pad, the silence between them is split in half instead.</li>
 * </ul>
 *
 * <p>One instance is one stream's segmenter: {@link #accept} probabilities as they come, take the segments it
 * returns (final: a returned segment never changes), then {@link #finish} with the stream's length. The whole-clip
 * form {@link #segment} runs exactly this, so streaming and offline give identical segments. A segment is returned
 * as soon as its padded end is certain: with the defaults, on the window that confirms the silence
 * ({@code minSilenceMs} after the speech ended). Not thread-safe.
 */
public final class SpeechSegmenter {

    /** Samples per probability window at 16 kHz. */
    public static final int WINDOW_SAMPLES = 512;

    static final int SAMPLE_RATE = SpeechSpan.SAMPLE_RATE;

    /**
     * Segmentation settings.
     *
     * @param threshold    speech starts at a probability {@code >=} this, in (0, 1]
     * @param negThreshold speech ends below this, in [0, threshold]
     * @param minSpeechMs  segments must be longer than this (before padding)
     * @param minSilenceMs silence shorter than this does not end a segment
     * @param speechPadMs  padding added on both sides of a segment
     */
    public record Config(float threshold, float negThreshold, int minSpeechMs, int minSilenceMs, int speechPadMs) {

        public static final float DEFAULT_THRESHOLD = 0.5f;
        public static final float NEG_THRESHOLD_OFFSET = 0.15f;
        public static final int DEFAULT_MIN_SPEECH_MS = 250;
        public static final int DEFAULT_MIN_SILENCE_MS = 100;
        public static final int DEFAULT_SPEECH_PAD_MS = 30;

        public Config {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
            }
            if (!(negThreshold >= 0 && negThreshold <= threshold)) {
                throw new IllegalArgumentException(
                        "negative threshold must be in [0, threshold=" + threshold + "], was " + negThreshold);
            }
            if (minSpeechMs < 0 || minSilenceMs < 0 || speechPadMs < 0) {
                throw new IllegalArgumentException("durations must not be negative: min speech " + minSpeechMs
                        + " ms, min silence " + minSilenceMs + " ms, pad " + speechPadMs + " ms");
            }
        }

        /** Silero's defaults: 0.5, 0.35, 250 ms, 100 ms, 30 ms. */
        public static Config defaults() {
            return of(DEFAULT_THRESHOLD, DEFAULT_MIN_SPEECH_MS, DEFAULT_MIN_SILENCE_MS);
        }

        /**
         * The settings of a {@code DetectSpeechRequest}: 0 (proto's unset) means the default for each value; the
         * negative threshold is {@code max(threshold - 0.15, 0.01)} as in Silero's reference.
         */
        public static Config of(float threshold, int minSpeechMs, int minSilenceMs) {
            float t = threshold == 0 ? DEFAULT_THRESHOLD : threshold;
            return new Config(
                    t,
                    Math.min(t, Math.max(t - NEG_THRESHOLD_OFFSET, 0.01f)),
                    minSpeechMs == 0 ? DEFAULT_MIN_SPEECH_MS : minSpeechMs,
                    minSilenceMs == 0 ? DEFAULT_MIN_SILENCE_MS : minSilenceMs,
                    DEFAULT_SPEECH_PAD_MS);
        }

        public Config withSpeechPadMs(int padMs) {
            return new Config(threshold, negThreshold, minSpeechMs, minSilenceMs, padMs);
        }

        public Config withNegThreshold(float neg) {
            return new Config(threshold, neg, minSpeechMs, minSilenceMs, speechPadMs);
        }
    }

    private final Config config;
    private final long minSpeechSamples;
    private final long minSilenceSamples;
    private final long padSamples;

    /** Index of the next window. */
    private long window;

    private boolean triggered;
    /** Unpadded start of the open candidate segment. */
    private long start;
    /** Where the probability first fell below the negative threshold, or -1. */
    private long tempEnd = -1;
    /** Sum of the probabilities of the open candidate's windows, and its value when tempEnd was set. */
    private double sum;

    private double sumAtTempEnd;

    /** The last kept segment whose padded end is not certain yet (it may depend on the next one's start). */
    private Raw pending;

    private long pendingPaddedStart;
    /** Unpadded end of the last kept segment, -1 before the first. */
    private long previousRawEnd = -1;

    private boolean finished;

    private record Raw(long start, long end, float confidence) {}

    public SpeechSegmenter(Config config) {
        this.config = config;
        this.minSpeechSamples = (long) SAMPLE_RATE * config.minSpeechMs() / 1000;
        this.minSilenceSamples = (long) SAMPLE_RATE * config.minSilenceMs() / 1000;
        this.padSamples = (long) SAMPLE_RATE * config.speechPadMs() / 1000;
    }

    public Config config() {
        return config;
    }

    /**
     * Segments of a whole clip.
     *
     * @param probabilities one per 512-sample window, in order (the last window may be zero-padded)
     * @param totalSamples  the clip's length in samples
     */
    public static List<SpeechSpan> segment(float[] probabilities, long totalSamples, Config config) {
        SpeechSegmenter segmenter = new SpeechSegmenter(config);
        List<SpeechSpan> segments = new ArrayList<>(segmenter.accept(probabilities));
        segments.addAll(segmenter.finish(totalSamples));
        return segments;
    }

    /** Takes the next windows' probabilities; returns the segments that became final, in order. */
    public List<SpeechSpan> accept(float... probabilities) {
        if (finished) {
            throw new IllegalStateException("segmenter already finished");
        }
        List<SpeechSpan> out = new ArrayList<>(1);
        for (float p : probabilities) {
            acceptOne(p, out);
        }
        return out;
    }

    /** True while an (unconfirmed) speech segment is open. */
    public boolean inSpeech() {
        return triggered;
    }

    /** Unpadded start sample of the open segment, if any (for partial results while speech goes on). */
    public OptionalLong openSegmentStart() {
        return triggered ? OptionalLong.of(start) : OptionalLong.empty();
    }

    /** Samples covered by the windows accepted so far. */
    public long samplesSeen() {
        return window * WINDOW_SAMPLES;
    }

    /**
     * Ends the stream: closes an open segment at {@code totalSamples} (kept if longer than the minimum) and returns the
     * segments that were still to come.
     */
    public List<SpeechSpan> finish(long totalSamples) {
        if (finished) {
            throw new IllegalStateException("segmenter already finished");
        }
        finished = true;
        List<SpeechSpan> out = new ArrayList<>(2);
        if (triggered && totalSamples - start > minSpeechSamples) {
            long windows = Math.max(1, window - start / WINDOW_SAMPLES);
            keep(new Raw(start, totalSamples, (float) (sum / windows)), out);
        }
        triggered = false;
        if (pending != null) {
            out.add(new SpeechSpan(
                    pendingPaddedStart, Math.min(totalSamples, pending.end + padSamples), pending.confidence));
            pending = null;
        }
        return out;
    }

    private void acceptOne(float p, List<SpeechSpan> out) {
        long current = window * WINDOW_SAMPLES;
        window++;
        if (p >= config.threshold() && tempEnd >= 0) {
            tempEnd = -1;
        }
        if (p >= config.threshold() && !triggered) {
            triggered = true;
            start = current;
            sum = p;
            flushPending(out);
            return;
        }
        if (p < config.negThreshold() && triggered) {
            if (tempEnd < 0) {
                tempEnd = current;
                sumAtTempEnd = sum;
            }
            if (current - tempEnd < minSilenceSamples) {
                sum += p;
                flushPending(out);
                return;
            }
            long end = tempEnd;
            triggered = false;
            tempEnd = -1;
            if (end - start > minSpeechSamples) {
                long windows = Math.max(1, (end - start) / WINDOW_SAMPLES);
                keep(new Raw(start, end, (float) (sumAtTempEnd / windows)), out);
            }
            flushPending(out);
            return;
        }
        if (triggered) {
            sum += p;
        }
        flushPending(out);
    }

    /** A segment passed the length check: its start is final now, and so is the previous one's end. */
    private void keep(Raw raw, List<SpeechSpan> out) {
        long paddedStart;
        if (previousRawEnd < 0) {
            paddedStart = Math.max(0, raw.start - padSamples);
        } else {
            long silence = raw.start - previousRawEnd;
            if (silence < 2 * padSamples) {
                paddedStart = Math.max(0, raw.start - silence / 2);
                if (pending != null) {
                    out.add(new SpeechSpan(pendingPaddedStart, pending.end + silence / 2, pending.confidence));
                }
            } else {
                paddedStart = Math.max(0, raw.start - padSamples);
                if (pending != null) {
                    out.add(new SpeechSpan(pendingPaddedStart, pending.end + padSamples, pending.confidence));
                }
            }
        }
        pending = raw;
        pendingPaddedStart = paddedStart;
        previousRawEnd = raw.end;
    }

    /**
     * Emits the pending segment once no later segment can start within twice the pad of its end: the window before the
     * current one ended that far past it (so the padded end lies inside audio that exists), and no open candidate
     * started that close.
     */
    private void flushPending(List<SpeechSpan> out) {
        if (pending == null) {
            return;
        }
        long limit = pending.end + 2 * padSamples;
        long settled = (window - 1) * WINDOW_SAMPLES;
        if (settled >= limit && (!triggered || start >= limit)) {
            out.add(new SpeechSpan(pendingPaddedStart, pending.end + padSamples, pending.confidence));
            pending = null;
        }
    }
}
