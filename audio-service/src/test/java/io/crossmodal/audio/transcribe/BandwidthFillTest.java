package io.crossmodal.audio.transcribe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.decode.Resampler;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What {@link BandwidthFill} adds, measured on a synthetic 8 kHz clip: one second of silence, then one second of
 * 3 kHz-band noise (a stand-in for a fricative, loud in the input's top octave), then one second of a 300 Hz tone
 * (voiced, nothing in the top octave).
 */
class BandwidthFillTest {

    private static final int SECOND = MonoAudio.MODEL_RATE;

    private static MonoAudio narrowClip() {
        Random random = new Random(7);
        float[] x = new float[3 * SECOND];
        for (int i = SECOND; i < 2 * SECOND; i++) {
            x[i] = (float) (0.1 * Math.sin(2 * Math.PI * 3000 * i / SECOND) * (1 + 0.3 * random.nextGaussian()));
        }
        for (int i = 2 * SECOND; i < 3 * SECOND; i++) {
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / SECOND));
        }
        Resampler r = Resampler.get();
        return r.resample(r.resample(new MonoAudio(x, SECOND), 8_000), SECOND);
    }

    /** Above or below {@code rate / 2}. */
    private static float[] band(float[] x, int rate, boolean high) {
        Resampler r = Resampler.get();
        float[] low =
                r.resample(r.resample(new MonoAudio(x, SECOND), rate), SECOND).samples();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = high ? x[i] - low[i] : low[i];
        }
        return out;
    }

    private static double rms(float[] x, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += x[i] * x[i];
        }
        return Math.sqrt(e / (to - from));
    }

    @Test
    void wideBandAudioIsReturnedUnchanged() {
        MonoAudio clip = narrowClip();
        assertSame(clip, BandwidthFill.fill(clip, 16_000));
        assertSame(clip, BandwidthFill.fill(clip, 44_100));
    }

    @Test
    void fillsOnlyAboveTheOriginalNyquistWithNoiseThatFollowsTheTopOctave() {
        MonoAudio clip = narrowClip();
        float[] filled = BandwidthFill.fill(clip, 8_000).samples();
        assertEquals(clip.samples().length, filled.length);
        float[] added = new float[filled.length];
        for (int i = 0; i < filled.length; i++) {
            added[i] = filled[i] - clip.samples()[i];
        }
        // the speech band is left alone: below 3.5 kHz (under the resampler's transition band, which starts at 90 %
        // of the original Nyquist frequency) what was added is 50 dB under the floor (measured: 59 dB)
        assertTrue(
                rms(band(added, 7_000, false), 0, added.length) < 3.2e-3 * BandwidthFill.FLOOR,
                "low band touched: " + rms(band(added, 7_000, false), 0, added.length));
        float[] high = band(added, 8_000, true);
        double silence = rms(high, SECOND / 4, 3 * SECOND / 4);
        double fricative = rms(high, 5 * SECOND / 4, 7 * SECOND / 4);
        double voiced = rms(high, 9 * SECOND / 4, 11 * SECOND / 4);
        // the floor alone in silence and under the voiced tone (about FLOOR, minus the part below 4 kHz) ...
        assertTrue(silence > 0.5 * BandwidthFill.FLOOR && silence < BandwidthFill.FLOOR, "silence " + silence);
        assertTrue(voiced < 1.2 * silence, "voiced " + voiced + " vs silence " + silence);
        // ... and much more where the input's top octave is loud
        assertTrue(fricative > 5 * silence, "fricative " + fricative + " vs silence " + silence);
    }

    @Test
    void theSameClipIsAlwaysFilledTheSameWay() {
        MonoAudio clip = narrowClip();
        assertArrayEquals(
                BandwidthFill.fill(clip, 8_000).samples(),
                BandwidthFill.fill(clip, 8_000).samples());
    }
}
