package io.crossmodal.audio.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The segmentation rules on made-up probabilities, against a line-by-line port of Silero's reference. */
class SpeechSegmenterTest {

    static final int W = SpeechSegmenter.WINDOW_SAMPLES;

    /** Probabilities: '#' = 0.9, '+' = 0.4 (between the thresholds), '.' = 0.05, one char per window. */
    static float[] probs(String pattern) {
        float[] p = new float[pattern.length()];
        for (int i = 0; i < p.length; i++) {
            p[i] = switch (pattern.charAt(i)) {
                case '#' -> 0.9f;
                case '+' -> 0.4f;
                default -> 0.05f;
            };
        }
        return p;
    }

    @Test
    void defaultsAreSilerosAndProtoZerosMeanDefault() {
        SpeechSegmenter.Config d = SpeechSegmenter.Config.defaults();
        assertEquals(0.5f, d.threshold());
        assertEquals(0.35f, d.negThreshold(), 1e-6);
        assertEquals(250, d.minSpeechMs());
        assertEquals(100, d.minSilenceMs());
        assertEquals(30, d.speechPadMs());
        assertEquals(d, SpeechSegmenter.Config.of(0, 0, 0));
        SpeechSegmenter.Config custom = SpeechSegmenter.Config.of(0.1f, 500, 300);
        assertEquals(0.01f, custom.negThreshold(), 1e-6, "max(threshold - 0.15, 0.01)");
        assertEquals(500, custom.minSpeechMs());
        assertThrows(IllegalArgumentException.class, () -> SpeechSegmenter.Config.of(1.5f, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> SpeechSegmenter.Config.of(-0.5f, 0, 0));
    }

    @Test
    void oneRunOfSpeechBecomesOnePaddedSegment() {
        // 20 windows of silence, 20 of speech (640 ms), 20 of silence
        String pattern = ".".repeat(20) + "#".repeat(20) + ".".repeat(20);
        List<SpeechSpan> segments = SpeechSegmenter.segment(probs(pattern), 60L * W, SpeechSegmenter.Config.defaults());
        assertEquals(1, segments.size());
        assertEquals(20L * W - 480, segments.get(0).startSample(), "30 ms pad before");
        assertEquals(40L * W + 480, segments.get(0).endSample(), "30 ms pad after");
        assertEquals(0.9f, segments.get(0).confidence(), 1e-6);
    }

    @Test
    void shortBurstsAreDroppedAndShortPausesDoNotSplit() {
        SpeechSegmenter.Config config = SpeechSegmenter.Config.defaults();
        // 6 windows = 192 ms < 250 ms: dropped
        assertTrue(SpeechSegmenter.segment(probs(".".repeat(10) + "#".repeat(6) + ".".repeat(20)), 36L * W, config)
                .isEmpty());
        // a 2-window (64 ms) pause inside speech does not split it (min silence 100 ms); a dip to 0.4 is not silence
        List<SpeechSpan> one = SpeechSegmenter.segment(
                probs(".".repeat(10) + "#".repeat(10) + ".." + "#".repeat(5) + "++++" + "#".repeat(5) + ".".repeat(20)),
                56L * W,
                config);
        assertEquals(1, one.size(), one.toString());
        // a 10-window (320 ms) pause splits it
        List<SpeechSpan> two = SpeechSegmenter.segment(
                probs(".".repeat(10) + "#".repeat(10) + ".".repeat(10) + "#".repeat(10) + ".".repeat(20)),
                60L * W,
                config);
        assertEquals(2, two.size(), two.toString());
        // speech running to the end of the clip ends at the clip's end
        List<SpeechSpan> open = SpeechSegmenter.segment(probs(".".repeat(10) + "#".repeat(20)), 30L * W - 100, config);
        assertEquals(1, open.size());
        assertEquals(30L * W - 100, open.get(0).endSample());
        assertTrue(
                SpeechSegmenter.segment(probs(".".repeat(50)), 50L * W, config).isEmpty());
    }

    @Test
    void closeSegmentsShareTheSilenceBetweenThem() {
        // min silence 0, pad 100 ms: a 3-window gap (1536 samples) is less than 2 x 1600, so it is split in half
        SpeechSegmenter.Config config = new SpeechSegmenter.Config(0.5f, 0.35f, 100, 0, 100);
        String pattern = ".".repeat(10) + "#".repeat(10) + "..." + "#".repeat(10) + ".".repeat(10);
        List<SpeechSpan> segments = SpeechSegmenter.segment(probs(pattern), pattern.length() * (long) W, config);
        assertEquals(2, segments.size(), segments.toString());
        assertEquals(segments.get(0).endSample(), segments.get(1).startSample());
        assertEquals(20L * W + 768, segments.get(0).endSample());
        assertEquals(referenceSegments(probs(pattern), pattern.length() * (long) W, config), segments);
    }

    @Test
    void streamingGivesTheOfflineSegmentsAndGivesThemEarly() {
        SpeechSegmenter.Config config = SpeechSegmenter.Config.defaults();
        float[] p = probs(".".repeat(10) + "#".repeat(20) + ".".repeat(40) + "#".repeat(20) + ".".repeat(10));
        SpeechSegmenter streaming = new SpeechSegmenter(config);
        List<SpeechSpan> got = new ArrayList<>();
        int firstEmittedAt = -1;
        for (int i = 0; i < p.length; i++) {
            List<SpeechSpan> now = streaming.accept(p[i]);
            if (!now.isEmpty() && firstEmittedAt < 0) {
                firstEmittedAt = i;
            }
            got.addAll(now);
            if (i == 15 || i == 80) {
                assertTrue(streaming.inSpeech(), "window " + i);
                assertEquals(
                        i == 15 ? 10L * W : 70L * W,
                        streaming.openSegmentStart().getAsLong());
            }
            if (i == 50) {
                assertFalse(streaming.inSpeech());
            }
        }
        got.addAll(streaming.finish(p.length * (long) W));
        assertEquals(SpeechSegmenter.segment(p, p.length * (long) W, config), got);
        // speech ended at window 30; 100 ms of silence is 3.125 windows: the segment is out at window 34
        assertEquals(34, firstEmittedAt);
        assertFalse(streaming.inSpeech());
    }

    @Test
    void matchesSilerosReferenceOnRandomProbabilities() {
        Random random = new Random(7);
        List<SpeechSegmenter.Config> configs = List.of(
                SpeechSegmenter.Config.defaults(),
                new SpeechSegmenter.Config(0.5f, 0.35f, 100, 0, 100),
                new SpeechSegmenter.Config(0.6f, 0.3f, 0, 20, 60),
                new SpeechSegmenter.Config(0.3f, 0.15f, 500, 300, 0),
                new SpeechSegmenter.Config(0.5f, 0.5f, 64, 32, 200));
        int compared = 0;
        for (int round = 0; round < 400; round++) {
            int n = 20 + random.nextInt(400);
            float[] p = new float[n];
            // runs of speech-like and silence-like probabilities, with noise
            boolean speech = random.nextBoolean();
            for (int i = 0; i < n; i++) {
                if (random.nextInt(12) == 0) {
                    speech = !speech;
                }
                p[i] = (float) Math.min(1, Math.max(0, (speech ? 0.75 : 0.2) + random.nextGaussian() * 0.25));
            }
            long total = (long) n * W - random.nextInt(W);
            for (SpeechSegmenter.Config config : configs) {
                List<SpeechSpan> expected = referenceSegments(p, total, config);
                assertEquals(expected, SpeechSegmenter.segment(p, total, config), "round " + round + " " + config);
                // and fed in random pieces
                SpeechSegmenter streaming = new SpeechSegmenter(config);
                List<SpeechSpan> got = new ArrayList<>();
                for (int i = 0; i < n; ) {
                    int k = Math.min(n - i, 1 + random.nextInt(9));
                    got.addAll(streaming.accept(java.util.Arrays.copyOfRange(p, i, i + k)));
                    i += k;
                }
                got.addAll(streaming.finish(total));
                assertEquals(expected, got, "streaming, round " + round + " " + config);
                compared += expected.size();
            }
        }
        assertTrue(compared > 1000, "segments compared: " + compared);
    }

    /**
     * silero-vad's {@code get_speech_timestamps} (utils_vad.py) as written there, without max_speech_duration_s, on
     * precomputed probabilities; confidence = mean probability of the windows of the unpadded segment.
     */
    static List<SpeechSpan> referenceSegments(float[] probs, long audioLength, SpeechSegmenter.Config c) {
        long sr = 16000;
        long minSpeech = sr * c.minSpeechMs() / 1000;
        long pad = sr * c.speechPadMs() / 1000;
        long minSilence = sr * c.minSilenceMs() / 1000;
        boolean triggered = false;
        List<long[]> speeches = new ArrayList<>();
        long start = 0;
        long tempEnd = 0;
        boolean hasTempEnd = false;
        for (int i = 0; i < probs.length; i++) {
            float p = probs[i];
            long cur = (long) W * i;
            if (p >= c.threshold() && hasTempEnd) {
                hasTempEnd = false;
                tempEnd = 0;
            }
            if (p >= c.threshold() && !triggered) {
                triggered = true;
                start = cur;
                continue;
            }
            if (p < c.negThreshold() && triggered) {
                if (!hasTempEnd) {
                    tempEnd = cur;
                    hasTempEnd = true;
                }
                if (cur - tempEnd < minSilence) {
                    continue;
                }
                if (tempEnd - start > minSpeech) {
                    speeches.add(new long[] {start, tempEnd, start, tempEnd});
                }
                hasTempEnd = false;
                tempEnd = 0;
                triggered = false;
            }
        }
        if (triggered && audioLength - start > minSpeech) {
            speeches.add(new long[] {start, audioLength, start, audioLength});
        }
        for (int i = 0; i < speeches.size(); i++) {
            long[] s = speeches.get(i);
            if (i == 0) {
                s[0] = Math.max(0, s[0] - pad);
            }
            if (i != speeches.size() - 1) {
                long[] next = speeches.get(i + 1);
                long silence = next[0] - s[1];
                if (silence < 2 * pad) {
                    s[1] += silence / 2;
                    next[0] = Math.max(0, next[0] - silence / 2);
                } else {
                    s[1] = Math.min(audioLength, s[1] + pad);
                    next[0] = Math.max(0, next[0] - pad);
                }
            } else {
                s[1] = Math.min(audioLength, s[1] + pad);
            }
        }
        List<SpeechSpan> out = new ArrayList<>();
        for (long[] s : speeches) {
            int from = (int) (s[2] / W);
            int to = (int) Math.min(probs.length, Math.max(from + 1, (s[3] + W - 1) / W));
            if (s[3] % W != 0 && s[3] == audioLength) {
                to = probs.length;
            }
            double sum = 0;
            for (int k = from; k < to; k++) {
                sum += probs[k];
            }
            out.add(new SpeechSpan(s[0], s[1], (float) (sum / (to - from))));
        }
        return out;
    }
}
