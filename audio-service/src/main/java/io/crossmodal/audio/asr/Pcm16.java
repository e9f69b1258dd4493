package io.crossmodal.audio.asr;

/** Float samples in [-1, 1] to signed 16-bit PCM, as the engines take them. */
final class Pcm16 {

    private Pcm16() {}

    /**
     * Converts {@code src[srcOffset, srcOffset + length)} into {@code dst} from {@code dstOffset}: scaled by 32767,
     * rounded, clipped to [-32768, 32767]; NaN becomes 0.
     */
    static void convert(float[] src, int srcOffset, short[] dst, int dstOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = toPcm16(src[srcOffset + i]);
        }
    }

    static short toPcm16(float sample) {
        if (sample != sample) { // NaN
            return 0;
        }
        float scaled = sample * 32767f;
        if (scaled >= 32767f) {
            return Short.MAX_VALUE;
        }
        if (scaled <= -32768f) {
            return Short.MIN_VALUE;
        }
        return (short) Math.round(scaled);
    }
}
