package io.crossmodal.audio.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** The resampler's measured quality (printed), its exactness under streaming, and the JDK's sinc path for comparison. */
class ResamplerTest {

    private static final Resampler RESAMPLER = Resampler.get();

    private static float[] tone(double f, int rate, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * f * i / rate));
        }
        return x;
    }

    /** A 1 kHz tone keeps its level (within 0.01 dB) and frequency (the output matches the ideal 16 kHz samples). */
    @Test
    void passbandToneKeepsLevelAndFrequency() {
        for (int rate : new int[] {8000, 11025, 22050, 44100, 48000, 96000, 44101}) {
            float[] y = RESAMPLER
                    .resample(new MonoAudio(tone(1000, rate, 2 * rate, 0.5), rate), 16000)
                    .samples();
            assertEquals(32000, y.length);
            double level = Fixtures.db(Fixtures.amplitude(y, 4000, 28000, 1000, 16000) / 0.5);
            double worst = 0;
            for (int k = 1000; k < 31000; k++) {
                worst = Math.max(worst, Math.abs(y[k] - 0.5 * Math.sin(2 * Math.PI * 1000 * k / 16000.0)));
            }
            assertEquals(0, level, 0.01, rate + " Hz");
            assertTrue(worst < 1e-4, rate + " Hz: " + worst);
        }
    }

    /** Passband flat to 7.2 kHz; -6 dB at 7.6 kHz. */
    @Test
    void passbandIsFlatTo7200Hz() {
        for (double f : new double[] {100, 3000, 6000, 7000, 7200}) {
            float[] y = RESAMPLER
                    .resample(new MonoAudio(tone(f, 48000, 96000, 0.5), 48000), 16000)
                    .samples();
            double level = Fixtures.db(Fixtures.amplitude(y, 4000, 28000, f, 16000) / 0.5);
            assertEquals(0, level, 0.01, f + " Hz");
        }
    }

    /**
     * Above the new Nyquist frequency nothing comes through: a tone at f > 8 kHz would alias to 16 kHz - f; its
     * level there (Goertzel) and the output's total level are measured.
     */
    @Test
    void stopbandAttenuationAt48kTo16k() {
        for (double f : new double[] {8100, 8500, 9000, 10000, 12000, 15000, 20000, 23000}) {
            float[] y = RESAMPLER
                    .resample(new MonoAudio(tone(f, 48000, 96000, 0.5), 48000), 16000)
                    .samples();
            double alias = Math.abs(16000 - f) % 16000;
            double at = Fixtures.db(Fixtures.amplitude(y, 4000, 28000, alias, 16000) / 0.5);
            double rms = 0;
            for (int k = 4000; k < 28000; k++) {
                rms += y[k] * y[k];
            }
            double total = Fixtures.db(Math.sqrt(rms / 24000) / (0.5 / Math.sqrt(2)));
            assertTrue(at < -85 && total < -85, f + " Hz: " + at + " / " + total + " dB");
            if (f == 10000) {
                assertTrue(at < -40, "the brief's requirement: 10 kHz -> 6 kHz attenuated by 40 dB at least");
            }
        }
    }

    @Test
    void stopbandAttenuationAt44100To16k() {
        for (double f : new double[] {8200, 10000, 15000, 21000}) {
            float[] y = RESAMPLER
                    .resample(new MonoAudio(tone(f, 44100, 88200, 0.5), 44100), 16000)
                    .samples();
            double alias = Math.abs(16000 - f) % 16000;
            double at = Fixtures.db(Fixtures.amplitude(y, 4000, 28000, alias, 16000) / 0.5);
            assertTrue(at < -85, f + " Hz: " + at + " dB");
        }
    }

    /** Going up (synthesis at a client's rate): the tone is intact and no image of it appears above 8 kHz. */
    @Test
    void upsamplingKeepsTheToneAndAddsNoImages() {
        for (int[] pair : new int[][] {{16000, 44100}, {16000, 48000}, {22050, 44100}, {8000, 16000}}) {
            int in = pair[0];
            int out = pair[1];
            float[] y = RESAMPLER
                    .resample(new MonoAudio(tone(1000, in, in, 0.5), in), out)
                    .samples();
            assertEquals(out, y.length);
            double level = Fixtures.db(Fixtures.amplitude(y, out / 8, out - out / 8, 1000, out) / 0.5);
            double image = Fixtures.db(Fixtures.amplitude(y, out / 8, out - out / 8, in - 1000, out) / 0.5);
            assertEquals(0, level, 0.01, in + " -> " + out + ": 1 kHz level");
            assertTrue(image < -85, in + " -> " + out + ": image at " + (in - 1000) + " Hz " + image + " dB");
        }
        // 22050 -> 8000 (a voice rendered for telephony): 1 kHz intact.
        float[] y = RESAMPLER
                .resample(new MonoAudio(tone(1000, 22050, 22050, 0.5), 22050), 8000)
                .samples();
        assertEquals(8000, y.length);
        assertEquals(0, Fixtures.db(Fixtures.amplitude(y, 1000, 7000, 1000, 8000) / 0.5), 0.01);
    }

    /** Any split of the input gives exactly the samples of the whole: the same code, the same sums. */
    @Test
    void streamingEqualsWholeExactly() {
        Random random = new Random(42);
        for (int[] pair : new int[][] {
            {44100, 16000}, {48000, 16000}, {8000, 16000}, {16000, 22050}, {44101, 16000}, {16000, 16000}
        }) {
            float[] x = new float[20000];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextGaussian() * 0.2);
            }
            float[] whole =
                    RESAMPLER.resample(new MonoAudio(x, pair[0]), pair[1]).samples();
            Resampler.Stream s = RESAMPLER.stream(pair[0], pair[1]);
            float[] joined = new float[whole.length];
            int n = 0;
            int pos = 0;
            while (pos < x.length) {
                int len = Math.min(x.length - pos, random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(3000));
                float[] part = s.process(x, pos, len);
                System.arraycopy(part, 0, joined, n, part.length);
                n += part.length;
                pos += len;
            }
            float[] tail = s.flush();
            System.arraycopy(tail, 0, joined, n, tail.length);
            n += tail.length;
            assertEquals(whole.length, n, pair[0] + " -> " + pair[1]);
            assertArrayEquals(whole, joined, pair[0] + " -> " + pair[1]);
        }
    }

    @Test
    void lengthsAndEdges() {
        assertEquals(
                0, RESAMPLER.resample(new MonoAudio(new float[0], 44100), 16000).samples().length);
        // round(n * out / in): 0.36 -> 0, 2.76 -> 3, 160.36 -> 160, 362.81 -> 363
        assertEquals(
                0, RESAMPLER.resample(new MonoAudio(new float[1], 44100), 16000).samples().length);
        assertEquals(
                3, RESAMPLER.resample(new MonoAudio(new float[1], 16000), 44100).samples().length);
        assertEquals(160, Resampler.outputLength(441, 44100, 16000));
        assertEquals(160, Resampler.outputLength(442, 44100, 16000));
        assertEquals(
                363,
                RESAMPLER.resample(new MonoAudio(new float[1000], 44100), 16000).samples().length);
        assertEquals(
                2756,
                RESAMPLER.resample(new MonoAudio(new float[1000], 16000), 44100).samples().length);
        MonoAudio same = new MonoAudio(new float[10], 16000);
        assertSame(same, RESAMPLER.resample(same, 16000));
        assertThrows(IllegalArgumentException.class, () -> RESAMPLER.resample(same, 999));
        assertThrows(IllegalArgumentException.class, () -> RESAMPLER.resample(same, 1_000_001));
        // DC passes at 1.
        float[] dc = new float[4410];
        java.util.Arrays.fill(dc, 0.25f);
        float[] y = RESAMPLER.resample(new MonoAudio(dc, 44100), 16000).samples();
        for (int k = 200; k < y.length - 200; k++) {
            assertEquals(0.25f, y[k], 1e-6f);
        }
    }

    /**
     * For comparison (not used by the service): the JDK's own converter does band-limited resampling
     * ({@code SoftSincResampler}) when the target format carries {@code interpolation=sinc}. Measured here on the
     * same tones; its stopband is about 45 dB and its output has a few extra samples at the end.
     */
    @Test
    void jdkSincPathForComparison() throws Exception {
        float[] x = tone(10000, 48000, 96000, 0.5);
        float[] jdk = jdkResample(x, 48000, 16000);
        double at6k = Fixtures.db(Fixtures.amplitude(jdk, 4000, 28000, 6000, 16000) / 0.5);
        float[] ours = RESAMPLER.resample(new MonoAudio(x, 48000), 16000).samples();
        double ours6k = Fixtures.db(Fixtures.amplitude(ours, 4000, 28000, 6000, 16000) / 0.5);
        float[] one = jdkResample(tone(1000, 44100, 88200, 0.5), 44100, 16000);
        double level = Fixtures.db(Fixtures.amplitude(one, 4000, 28000, 1000, 16000) / 0.5);
        assertTrue(
                at6k < -40,
                "the JDK's sinc resampler does filter: " + at6k + " dB left at 6 kHz (1 kHz from" + " 44.1 kHz at "
                        + level + " dB, " + one.length + " samples for 2 s where ours gives 32000)");
        assertTrue(ours6k < at6k - 40, "ours is far better: " + ours6k + " vs " + at6k + " dB");
    }

    private static float[] jdkResample(float[] in, int from, int to) throws Exception {
        AudioFormat source = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, from, 32, 1, 4, from, false);
        AudioFormat target = new AudioFormat(
                AudioFormat.Encoding.PCM_FLOAT, to, 32, 1, 4, to, false, Map.of("interpolation", "sinc"));
        ByteBuffer bytes = ByteBuffer.allocate(in.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : in) {
            bytes.putFloat(f);
        }
        AudioInputStream converted = AudioSystem.getAudioInputStream(
                target, new AudioInputStream(new ByteArrayInputStream(bytes.array()), source, in.length));
        ByteBuffer out = ByteBuffer.wrap(converted.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        float[] y = new float[out.remaining() / 4];
        for (int i = 0; i < y.length; i++) {
            y[i] = out.getFloat();
        }
        return y;
    }
}
