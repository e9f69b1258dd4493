package io.crossmodal.audio.decode;

import io.crossmodal.audio.MonoAudio;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited resampling of mono audio between any two integer rates: a polyphase Kaiser-windowed-sinc FIR
 * (bandlimited interpolation after J. O. Smith), the same code for whole clips ({@link #resample}) and for audio that
 * arrives in pieces ({@link #stream}); both give bit-identical samples however the input is split.
 *
 * <p>Design, relative to the lower of the two rates' Nyquist frequency {@code fn = min(in, out) / 2}: passband flat
 * to {@code 0.9 fn} (7.2 kHz at 16 kHz), -6 dB at {@code 0.95 fn}, stopband from {@code fn} with at least
 * {@value #STOPBAND_DB} dB of attenuation (Kaiser beta 8.96), so nothing aliases when going down and no image survives
 * going up. The filter is zero-phase: output sample {@code k} is the band-limited input at time {@code k / out}, no
 * delay, and the output has {@code ceil(n * out / in)} samples for {@code n} input samples; the input is taken as
 * zero outside the clip. Each phase's taps are normalised to sum to 1 (exact DC gain). Rates whose reduced ratio
 * {@code out/in = L/M} has {@code L <= } {@value #MAX_EXACT_PHASES} (every common pair: 44100 -> 16000 is 160/441) use
 * exact polyphase tables; other pairs interpolate linearly between {@value #MAX_EXACT_PHASES} + 1 tabulated phases.
 *
 * <p>Cost: the filter spans about 57 samples of the lower rate on each side, so {@code 2 x ceil(57.1 x max(1, in / out))}
 * multiply-adds per output sample: 48 kHz -> 16 kHz is 344 taps per output sample, 8 kHz -> 16 kHz 116. The tables are cached per
 * rate pair. Thread-safe; a {@link Stream} is for one thread.
 */
public final class Resampler {

    /** Stopband attenuation of the design, in dB. */
    public static final double STOPBAND_DB = 90;
    /** Passband edge as a fraction of the lower Nyquist frequency. */
    public static final double PASSBAND_EDGE = 0.90;
    /** Stopband edge as a fraction of the lower Nyquist frequency. */
    public static final double STOPBAND_EDGE = 1.00;
    /** Largest number of exact phases; beyond it phases are interpolated. */
    static final int MAX_EXACT_PHASES = 1024;
    /** Lowest and highest rates accepted. */
    public static final int MIN_RATE = 1_000;
    public static final int MAX_RATE = 1_000_000;

    private static final ConcurrentHashMap<Long, Kernel> KERNELS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_KERNELS = 64;

    private static final Resampler INSTANCE = new Resampler();

    /** The shared instance (the class has no state of its own beyond the kernel cache). */
    public static Resampler get() {
        return INSTANCE;
    }

    public Resampler() {
    }

    /**
     * {@code in} resampled to {@code targetRate}; {@code in} itself when the rates are equal. Samples are not clipped
     * (a band-limited full-scale square wave overshoots by about 9 %).
     *
     * @throws IllegalArgumentException when a rate is outside [{@value #MIN_RATE}, {@value #MAX_RATE}] or the output
     *                                  would not fit one array
     */
    public MonoAudio resample(MonoAudio in, int targetRate) {
        Objects.requireNonNull(in, "in");
        checkRate(targetRate);
        if (in.sampleRate() == targetRate) {
            return in;
        }
        checkRate(in.sampleRate());
        long outLength = outputLength(in.samples().length, in.sampleRate(), targetRate);
        if (outLength > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("the resampled audio would have " + outLength + " samples");
        }
        Stream stream = stream(in.sampleRate(), targetRate);
        float[] out = new float[(int) outLength];
        int n = stream.process(in.samples(), 0, in.samples().length, out, 0);
        n += stream.flush(out, n);
        if (n != out.length) {
            throw new IllegalStateException("resampler produced " + n + " samples, expected " + out.length);
        }
        return new MonoAudio(out, targetRate);
    }

    /** A stateful resampler for audio that arrives in pieces: see {@link Stream}. */
    public Stream stream(int inRate, int outRate) {
        checkRate(inRate);
        checkRate(outRate);
        return new Stream(inRate, outRate);
    }

    /** Samples produced for {@code inputLength} samples: {@code ceil(inputLength * outRate / inRate)}. */
    public static long outputLength(long inputLength, int inRate, int outRate) {
        if (inRate == outRate) {
            return inputLength;
        }
        long g = gcd(inRate, outRate);
        long l = outRate / g;
        long m = inRate / g;
        return ceilDiv(Math.multiplyExact(inputLength, l), m);
    }

    private static void checkRate(int rate) {
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new IllegalArgumentException("sample rate must be in [" + MIN_RATE + ", " + MAX_RATE + "]: " + rate);
        }
    }

    static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    static Kernel kernel(int inRate, int outRate) {
        long key = (long) inRate << 32 | outRate;
        Kernel k = KERNELS.get(key);
        if (k == null) {
            if (KERNELS.size() >= MAX_CACHED_KERNELS) {
                KERNELS.clear();
            }
            k = KERNELS.computeIfAbsent(key, x -> new Kernel(inRate, outRate));
        }
        return k;
    }

    /**
     * The polyphase tables for one rate pair. Output sample {@code k} sits at input time {@code t = k M / L}
     * ({@code i = floor(t)}, phase {@code r = k M mod L}) and is {@code sum_{j=0}^{2W-1} x[i - W + 1 + j] c_r[j]}
     * with {@code c_r[j] = h(r / L + W - 1 - j)}.
     */
    static final class Kernel {
        final int l;
        final int m;
        /** Half the number of taps, in input samples. */
        final int halfTaps;
        /** Number of tabulated phases: L when exact, else MAX_EXACT_PHASES + 1 (last = first shifted by one tap). */
        final int phases;
        final boolean exact;
        /** phases x 2W coefficients, phase-major. */
        final float[] taps;

        Kernel(int inRate, int outRate) {
            long g = gcd(inRate, outRate);
            this.l = (int) (outRate / g);
            this.m = (int) (inRate / g);
            double nyquistLow = Math.min(inRate, outRate) / 2.0;
            double cutoff = (PASSBAND_EDGE + STOPBAND_EDGE) / 2 * nyquistLow / inRate; // cycles per input sample
            double transition = (STOPBAND_EDGE - PASSBAND_EDGE) * nyquistLow / inRate; // cycles per input sample
            // Kaiser's formulas: length N = (A - 7.95) / (2.285 * 2 pi * transition), beta = 0.1102 (A - 8.7).
            double length = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
            double beta = 0.1102 * (STOPBAND_DB - 8.7);
            double half = length / 2; // the window's half-length in input samples
            this.halfTaps = (int) Math.ceil(half);
            this.exact = l <= MAX_EXACT_PHASES;
            this.phases = exact ? l : MAX_EXACT_PHASES + 1;
            int width = 2 * halfTaps;
            this.taps = new float[phases * width];
            double i0Beta = besselI0(beta);
            double[] row = new double[width];
            for (int p = 0; p < phases; p++) {
                double frac = exact ? (double) p / l : (double) p / MAX_EXACT_PHASES;
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    double t = frac + halfTaps - 1 - j;
                    double v = 0;
                    if (Math.abs(t) < half) {
                        double x = t / half;
                        double window = besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
                        v = 2 * cutoff * sinc(2 * cutoff * t) * window;
                    }
                    row[j] = v;
                    sum += v;
                }
                for (int j = 0; j < width; j++) {
                    taps[p * width + j] = (float) (row[j] / sum);
                }
            }
        }

        private static double sinc(double x) {
            if (x == 0) {
                return 1;
            }
            double px = Math.PI * x;
            return Math.sin(px) / px;
        }

        /** Modified Bessel function of the first kind, order 0 (power series). */
        static double besselI0(double x) {
            double sum = 1;
            double term = 1;
            double q = x * x / 4;
            for (int k = 1; k < 200; k++) {
                term *= q / ((double) k * k);
                sum += term;
                if (term < sum * 1e-17) {
                    break;
                }
            }
            return sum;
        }
    }

    /**
     * Resamples audio that arrives in pieces. Feed the input in order with {@link #process} (any split, including
     * empty pieces), then call {@link #flush} once: the outputs, concatenated, are exactly {@link #resample} of the
     * whole input. Output sample {@code k} needs the input up to about {@code k M / L + W}; it is returned as soon as
     * that has arrived, so the latency is {@code W} input samples (3.6 ms at 48 kHz -> 16 kHz, 7.1 ms going up from
     * 8 kHz). Memory: the last {@code 2 W} input samples. Not thread-safe.
     */
    public static final class Stream {

        private final int inRate;
        private final int outRate;
        private final Kernel kernel;
        private final int width;
        private final int stepWhole;
        private final int stepFrac;
        /** Input samples held: buf[0] is absolute input index {@code base}. */
        private float[] buf;
        private int held;
        private long base;
        /** Input samples received. */
        private long received;
        /** Outputs produced, and the next output's input position {@code pos + rem / L}. */
        private long produced;
        private long pos;
        private long rem;
        private boolean flushed;

        Stream(int inRate, int outRate) {
            this.inRate = inRate;
            this.outRate = outRate;
            if (inRate == outRate) {
                this.kernel = null;
                this.width = 0;
                this.stepWhole = 0;
                this.stepFrac = 0;
                this.buf = new float[0];
                return;
            }
            this.kernel = kernel(inRate, outRate);
            this.width = 2 * kernel.halfTaps;
            this.stepWhole = kernel.m / kernel.l;
            this.stepFrac = kernel.m % kernel.l;
            // Virtual zeros before the first sample: the first output needs indices from -W + 1.
            this.buf = new float[Math.max(1024, 2 * width)];
            this.base = -kernel.halfTaps;
            this.held = kernel.halfTaps;
        }

        public int inRate() {
            return inRate;
        }

        public int outRate() {
            return outRate;
        }

        /** Input samples received so far. */
        public long received() {
            return received;
        }

        /** Output samples produced so far. */
        public long produced() {
            return produced;
        }

        /**
         * Most outputs the next {@code process} of {@code n} samples can return (exact bound: no output is produced
         * beyond {@code ceil(received * L / M)}).
         */
        public int maxOutput(int n) {
            long bound = outputLength(received + n, inRate, outRate) - produced;
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 64, bound));
        }

        /** Resamples the next {@code len} input samples and returns the outputs now complete (maybe none). */
        public float[] process(float[] in, int off, int len) {
            float[] out = new float[maxOutput(len)];
            int n = process(in, off, len, out, 0);
            return n == out.length ? out : Arrays.copyOf(out, n);
        }

        /**
         * Resamples the next {@code len} input samples into {@code out} from {@code outOff} (room for
         * {@link #maxOutput maxOutput(len)} samples needed) and returns how many outputs were written.
         */
        public int process(float[] in, int off, int len, float[] out, int outOff) {
            Objects.checkFromIndexSize(off, len, in.length);
            if (flushed) {
                throw new IllegalStateException("the stream was flushed");
            }
            if (kernel == null) {
                System.arraycopy(in, off, out, outOff, len);
                received += len;
                produced += len;
                return len;
            }
            append(in, off, len);
            received += len;
            return produce(out, outOff, received);
        }

        /** The last outputs, computed with zeros after the end of the input. Call once, after the last process. */
        public float[] flush() {
            float[] out = new float[remainingAtFlush()];
            int n = flush(out, 0);
            return n == out.length ? out : Arrays.copyOf(out, n);
        }

        /** Writes the last outputs into {@code out} from {@code outOff}; returns how many. */
        public int flush(float[] out, int outOff) {
            if (flushed) {
                throw new IllegalStateException("the stream was flushed");
            }
            flushed = true;
            if (kernel == null) {
                return 0;
            }
            // Pad with W zeros so every remaining output's taps are held, then produce up to the final length.
            long total = outputLength(received, inRate, outRate);
            float[] zeros = new float[kernel.halfTaps + 1];
            append(zeros, 0, zeros.length);
            return produceUpTo(out, outOff, total);
        }

        private int remainingAtFlush() {
            return (int) Math.max(0, outputLength(received, inRate, outRate) - produced);
        }

        private void append(float[] in, int off, int len) {
            if (held + len > buf.length) {
                // Drop what no future output needs: indices below pos - W + 1.
                int drop = (int) Math.max(0, Math.min(held, pos - kernel.halfTaps + 1 - base));
                if (drop > 0) {
                    System.arraycopy(buf, drop, buf, 0, held - drop);
                    held -= drop;
                    base += drop;
                }
                if (held + len > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(held + len, buf.length * 2));
                }
            }
            System.arraycopy(in, off, buf, held, len);
            held += len;
        }

        /** Outputs whose last tap {@code pos + W} is below {@code available}, i.e. real input. */
        private int produce(float[] out, int outOff, long available) {
            int n = 0;
            int w = kernel.halfTaps;
            while (pos + w < available) {
                out[outOff + n++] = compute();
                advance();
            }
            return n;
        }

        private int produceUpTo(float[] out, int outOff, long total) {
            int n = 0;
            while (produced < total) {
                out[outOff + n++] = compute();
                advance();
            }
            return n;
        }

        private void advance() {
            produced++;
            pos += stepWhole;
            rem += stepFrac;
            if (rem >= kernel.l) {
                rem -= kernel.l;
                pos++;
            }
        }

        private float compute() {
            int start = (int) (pos - kernel.halfTaps + 1 - base);
            float[] t = kernel.taps;
            if (kernel.exact) {
                return (float) dot(buf, start, t, (int) rem * width, width);
            }
            double phase = (double) rem / kernel.l * MAX_EXACT_PHASES;
            int p0 = (int) phase;
            double a = phase - p0;
            double d0 = dot(buf, start, t, p0 * width, width);
            double d1 = dot(buf, start, t, (p0 + 1) * width, width);
            return (float) (d0 + a * (d1 - d0));
        }

        private static double dot(float[] x, int xOff, float[] c, int cOff, int n) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                s0 += x[xOff + i] * c[cOff + i];
                s1 += x[xOff + i + 1] * c[cOff + i + 1];
                s2 += x[xOff + i + 2] * c[cOff + i + 2];
                s3 += x[xOff + i + 3] * c[cOff + i + 3];
            }
            for (; i < n; i++) {
                s0 += x[xOff + i] * c[cOff + i];
            }
            return (s0 + s1) + (s2 + s3);
        }
    }
}
