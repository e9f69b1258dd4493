package io.crossmodal.audio.decode;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.crossmodal.audio.MonoAudio;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;

/**
 * Band-limited resampling of mono audio between any two integer rates, by libsoxr, the SoX Resampler library (Debian
 * package {@code libsoxr0}, LGPL-2.1), through JNA: the same code for whole clips ({@link #resample}) and for audio
 * that arrives in pieces ({@link #stream}); both give bit-identical samples however the input is split (measured, and
 * held by ResamplerTest).
 *
 * <p>Quality: soxr's "high quality" recipe (20-bit precision, linear phase): passband flat to {@value #PASSBAND_EDGE}
 * of the lower rate's Nyquist frequency (7.3 kHz at 16 kHz), stopband from that Nyquist frequency, measured below
 * -85 dB everywhere ResamplerTest looks (-120 dB and lower at most frequencies). soxr compensates its filter's delay,
 * so output sample {@code k} is the band-limited input at time {@code k / out}, and {@code n} input samples give
 * {@code round(n * out / in)} outputs (see {@link #outputLength}).
 *
 * <p>Why libsoxr: it is the resampler of SoX and FFmpeg's {@code soxr} option, maintained for years, streams, and is
 * packaged by Debian. The JDK's own sinc resampler (javax.sound) cannot be fed chunk by chunk; the Java resampling
 * libraries (libresample4j, TarsosDSP) are not on Maven Central; jDSP resamples whole arrays only.
 *
 * <p>Thread-safe; a {@link Stream} is for one thread.
 */
public final class Resampler {

    /** Passband edge as a fraction of the lower Nyquist frequency (soxr's default for the recipe). */
    public static final double PASSBAND_EDGE = 0.913;
    /** Lowest and highest rates accepted. */
    public static final int MIN_RATE = 1_000;

    public static final int MAX_RATE = 1_000_000;

    private static final Cleaner CLEANER = Cleaner.create();
    private static volatile SoxrLibrary soxr;

    private static final Resampler INSTANCE = new Resampler();

    /** The shared instance (the class has no state of its own). */
    public static Resampler get() {
        return INSTANCE;
    }

    public Resampler() {}

    private static SoxrLibrary soxr() {
        SoxrLibrary lib = soxr;
        if (lib == null) {
            synchronized (Resampler.class) {
                if (soxr == null) {
                    soxr = SoxrLibrary.load();
                }
                lib = soxr;
            }
        }
        return lib;
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
        float[] out = new float[(int) outLength];
        try (Stream stream = stream(in.sampleRate(), targetRate)) {
            int n = stream.process(in.samples(), 0, in.samples().length, out, 0);
            n += stream.flush(out, n);
            if (n != out.length) {
                throw new IllegalStateException("resampler produced " + n + " samples, expected " + out.length);
            }
        }
        return new MonoAudio(out, targetRate);
    }

    /** A stateful resampler for audio that arrives in pieces: see {@link Stream}. Close it (or flush it). */
    public Stream stream(int inRate, int outRate) {
        checkRate(inRate);
        checkRate(outRate);
        return new Stream(inRate, outRate);
    }

    /** Samples produced for {@code inputLength} samples: {@code inputLength * outRate / inRate} rounded to nearest. */
    public static long outputLength(long inputLength, int inRate, int outRate) {
        if (inRate == outRate) {
            return inputLength;
        }
        long g = gcd(inRate, outRate);
        long l = outRate / g;
        long m = inRate / g;
        return Math.floorDiv(Math.addExact(Math.multiplyExact(Math.multiplyExact(2, inputLength), l), m), 2 * m);
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

    /**
     * Resampling of audio that arrives in pieces: call {@link #process} for each piece (any sizes, including empty
     * pieces), then {@link #flush} once: the outputs, concatenated, are exactly {@link #resample} of the whole input.
     * An output is returned once the input its filter needs has arrived, so some outputs of each piece come with the
     * next one (soxr's latency, a few ms). Holds a native soxr resampler until flushed or closed (a stream dropped
     * without either is freed when collected). Not thread-safe.
     */
    public static final class Stream implements AutoCloseable {

        private final int inRate;
        private final int outRate;
        private final NativeResampler handle;
        private final Cleaner.Cleanable cleanable;
        private final LongByReference idone = new LongByReference();
        private final LongByReference odone = new LongByReference();
        private float[] scratch = new float[0];
        /** Outputs soxr has produced that the caller had no room for yet. */
        private float[] pending = new float[0];

        private int pendingSize;
        private long idoneTotal;
        private int lastOutput;
        private long received;
        private long produced;
        private boolean flushed;

        Stream(int inRate, int outRate) {
            this.inRate = inRate;
            this.outRate = outRate;
            if (inRate == outRate) {
                this.handle = null;
                this.cleanable = null;
                return;
            }
            this.handle = NativeResampler.create(inRate, outRate);
            this.cleanable = CLEANER.register(this, handle);
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
         * Most outputs the next {@code process} of {@code n} samples can return: no output is returned beyond
         * {@code outputLength(received + n)}.
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
            if (handle == null) {
                System.arraycopy(in, off, out, outOff, len);
                received += len;
                produced += len;
                return len;
            }
            int room = maxOutput(len);
            Objects.checkFromIndexSize(outOff, room, out.length);
            received += len;
            int consumed = 0;
            while (consumed < len) {
                // soxr stops taking input when its output buffer is full: give it room for all it can produce and
                // keep what the caller has no room for yet
                float[] piece = off + consumed == 0 && len == in.length
                        ? in
                        : Arrays.copyOfRange(in, off + consumed, off + len);
                long before = idoneTotal;
                drain(piece, piece.length);
                int taken = (int) (idoneTotal - before);
                if (taken == 0 && lastOutput == 0) {
                    throw new IllegalStateException("libsoxr took none of " + piece.length + " samples");
                }
                consumed += taken;
            }
            return take(out, outOff, room);
        }

        /** The last outputs. Call once, after the last process; frees the native resampler. */
        public float[] flush() {
            float[] out = new float[(int) Math.max(0, outputLength(received, inRate, outRate) - produced)];
            int n = flush(out, 0);
            return n == out.length ? out : Arrays.copyOf(out, n);
        }

        /** Writes the last outputs into {@code out} from {@code outOff}; returns how many. Frees the resampler. */
        public int flush(float[] out, int outOff) {
            if (flushed) {
                throw new IllegalStateException("the stream was flushed");
            }
            flushed = true;
            if (handle == null) {
                return 0;
            }
            try {
                int room = (int) Math.max(0, outputLength(received, inRate, outRate) - produced);
                Objects.checkFromIndexSize(outOff, room, out.length);
                do {
                    drain(null, 0);
                } while (lastOutput > 0);
                // the contract is exact: the outputs left are the promised ones, no more, no fewer
                if (pendingSize != room) {
                    throw new IllegalStateException(
                            "libsoxr left " + pendingSize + " samples at the end, expected " + room);
                }
                return take(out, outOff, room);
            } finally {
                close();
            }
        }

        /** One soxr_process call (input {@code in}, or the end of input when null); its output goes to pending. */
        private void drain(float[] in, int len) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 64, outputLength(len, inRate, outRate) + 1024);
            if (scratch.length < capacity) {
                scratch = new float[capacity];
            }
            String error = handle.lib.soxr_process(
                    handle.pointer(), in, len, in == null ? null : idone, scratch, capacity, odone);
            if (error != null) {
                throw new IllegalStateException("libsoxr: " + error);
            }
            if (in != null) {
                idoneTotal += idone.getValue();
            }
            lastOutput = (int) odone.getValue();
            if (pendingSize + lastOutput > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pendingSize + lastOutput, 2 * pending.length));
            }
            System.arraycopy(scratch, 0, pending, pendingSize, lastOutput);
            pendingSize += lastOutput;
        }

        /** Moves up to {@code max} pending outputs to {@code out}. */
        private int take(float[] out, int outOff, int max) {
            int n = Math.min(max, pendingSize);
            System.arraycopy(pending, 0, out, outOff, n);
            System.arraycopy(pending, n, pending, 0, pendingSize - n);
            pendingSize -= n;
            produced += n;
            return n;
        }

        /** Frees the native resampler; the stream can no longer be used. Idempotent. */
        @Override
        public void close() {
            flushed = true;
            if (cleanable != null) {
                cleanable.clean();
            }
        }
    }

    /** One soxr_t; {@link #run} (the Cleaner action) deletes it once. */
    private static final class NativeResampler implements Runnable {
        final SoxrLibrary lib;
        private Pointer pointer;

        private NativeResampler(SoxrLibrary lib, Pointer pointer) {
            this.lib = lib;
            this.pointer = pointer;
        }

        static NativeResampler create(int inRate, int outRate) {
            SoxrLibrary lib = soxr();
            SoxrLibrary.IoSpec io = lib.soxr_io_spec(SoxrLibrary.FLOAT32_I, SoxrLibrary.FLOAT32_I);
            SoxrLibrary.QualitySpec quality = lib.soxr_quality_spec(new NativeLong(SoxrLibrary.HQ), new NativeLong(0));
            PointerByReference error = new PointerByReference();
            Pointer p = lib.soxr_create(inRate, outRate, 1, error, io, quality, null);
            if (p == null) {
                Pointer message = error.getValue();
                throw new IllegalStateException("libsoxr cannot resample " + inRate + " -> " + outRate + " Hz: "
                        + (message == null ? "unknown error" : message.getString(0)));
            }
            return new NativeResampler(lib, p);
        }

        synchronized Pointer pointer() {
            if (pointer == null) {
                throw new IllegalStateException("the resampler was closed");
            }
            return pointer;
        }

        @Override
        public synchronized void run() {
            if (pointer != null) {
                lib.soxr_delete(pointer);
                pointer = null;
            }
        }
    }
}
