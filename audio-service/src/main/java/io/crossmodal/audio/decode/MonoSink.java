package io.crossmodal.audio.decode;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.util.Arrays;

/**
 * Where decoders put their mono samples at the input rate: counts them against the duration limit (TOO_LONG as soon
 * as the total crosses it), resamples them to 16 kHz as they come and keeps the output, whose size is therefore
 * bounded by the limit. The unary decoders take everything at the end ({@link #finish}); the streaming decoder
 * {@link #drain drains} after every chunk. Clipping to [-1, 1] happens when samples are handed out.
 */
final class MonoSink {

    private final String format;
    private final int inputRate;
    private final AudioLimits limits;
    private final long maxFrames;
    private final Resampler.Stream resampler;
    private float[] out;
    private int size;
    private long frames;

    /**
     * @param expectedFrames the exact number of input frames when the header says it (the output is then allocated
     *                       once, exactly), else -1
     */
    MonoSink(String format, int inputRate, long expectedFrames, AudioLimits limits) {
        this.format = format;
        this.inputRate = inputRate;
        this.limits = limits;
        this.maxFrames = limits.maxFrames(inputRate);
        this.resampler = Resampler.get().stream(inputRate, MonoAudio.MODEL_RATE);
        int capacity = expectedFrames >= 0 && expectedFrames <= maxFrames
                ? (int) Resampler.outputLength(expectedFrames, inputRate, MonoAudio.MODEL_RATE)
                : 16 * 1024;
        this.out = new float[capacity];
    }

    /** Input frames received. */
    long frames() {
        return frames;
    }

    int inputRate() {
        return inputRate;
    }

    /** Takes {@code n} mono samples at the input rate from {@code block}. */
    void accept(float[] block, int n) throws AudioDecodeException {
        if (n <= 0) {
            return;
        }
        frames += n;
        if (frames > maxFrames) {
            limits.checkFrames(format, frames, inputRate, "decoded so far");
        }
        ensure(resampler.maxOutput(n));
        size += resampler.process(block, 0, n, out, size);
    }

    /** The samples produced since the last drain, clipped to [-1, 1]. */
    float[] drain() {
        float[] taken = Arrays.copyOf(out, size);
        size = 0;
        clip(taken);
        return taken;
    }

    /** Flushes the resampler and returns the rest since the last drain (all of it for unary decodes), clipped. */
    float[] finish() {
        ensure((int)
                Math.max(0, Resampler.outputLength(frames, inputRate, MonoAudio.MODEL_RATE) - resampler.produced()));
        size += resampler.flush(out, size);
        float[] taken = size == out.length ? out : Arrays.copyOf(out, size);
        out = new float[0];
        size = 0;
        clip(taken);
        return taken;
    }

    /** The whole unary result. */
    MonoAudio finishAudio() {
        return new MonoAudio(finish(), MonoAudio.MODEL_RATE);
    }

    private void ensure(int more) {
        long needed = (long) size + more;
        if (needed > out.length) {
            long grown = Math.max(needed, Math.min((long) out.length * 2, Integer.MAX_VALUE - 64));
            out = Arrays.copyOf(out, (int) grown);
        }
    }

    private static void clip(float[] x) {
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (v > 1f) {
                x[i] = 1f;
            } else if (v < -1f) {
                x[i] = -1f;
            } else if (v != v) {
                x[i] = 0f;
            }
        }
    }

    /** Signals the time budget is spent; thrown by decoders that see their job cancelled. */
    static AudioDecodeException timeout(String format, AudioLimits limits) {
        return new AudioDecodeException(
                Reason.TIMEOUT,
                "decoding the " + format + " audio took longer than "
                        + limits.timeout().toMillis() + " ms and was aborted");
    }
}
