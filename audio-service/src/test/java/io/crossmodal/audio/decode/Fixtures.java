package io.crossmodal.audio.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed test files of src/test/resources/audio (see LICENSES.md there) and their source signal. */
final class Fixtures {

    private Fixtures() {}

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /audio/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The integer samples the fixtures were encoded from (Gen.java in LICENSES.md): channel 0 is
     * {@code 0.5 sin(2 pi 440 t)}, channel 1 {@code 0.3 sin(2 pi 1000 t)}, rounded to {@code bits}-bit integers of
     * full scale {@code 2^(bits-1) - 1}.
     */
    static int sourceSample(int channel, long i, int rate, int bits) {
        double t = (double) i / rate;
        double v = channel == 0 ? 0.5 * Math.sin(2 * Math.PI * 440 * t) : 0.3 * Math.sin(2 * Math.PI * 1000 * t);
        return (int) Math.round(v * ((1 << (bits - 1)) - 1));
    }

    /** The source signal as a WAV file built by {@link WavBuilder} with the very same integers. */
    static byte[] sourceWav(int rate, int channels, int bits, int frames) {
        double[][] x = new double[channels][frames];
        long full = (1L << (bits - 1)) - 1;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                // quantise(v) = round(v * full) gives back the integer exactly.
                x[c][i] = (double) sourceSample(c, i, rate, bits) / full;
            }
        }
        return new WavBuilder(rate, channels).pcm(bits).build(x);
    }

    /** Amplitude of the {@code frequency} component of {@code x[from, to)} (Hann-windowed Goertzel). */
    static double amplitude(float[] x, int from, int to, double frequency, int rate) {
        int n = to - from;
        double w = 2 * Math.PI * frequency / rate;
        double re = 0;
        double im = 0;
        double windowSum = 0;
        for (int i = from; i < to; i++) {
            double h = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - from) / (n - 1));
            windowSum += h;
            re += x[i] * h * Math.cos(w * i);
            im -= x[i] * h * Math.sin(w * i);
        }
        return 2 * Math.hypot(re, im) / windowSum;
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
