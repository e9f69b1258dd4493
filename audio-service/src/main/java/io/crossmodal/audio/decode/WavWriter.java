package io.crossmodal.audio.decode;

import io.crossmodal.audio.MonoAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Writes mono audio as a canonical 44-byte-header RIFF/WAVE file of 16-bit PCM (WAVE_FORMAT_PCM, 1 channel), the
 * synthesis output. Samples are clipped to [-1, 1], scaled by 32767 and rounded half away from zero (so 1.0 is
 * 32767, -1.0 is -32767 and the scale is symmetric); NaN is written as 0.
 */
public final class WavWriter {

    /** Bytes before the samples. */
    public static final int HEADER_BYTES = 44;
    /** Most samples one file can hold (the RIFF size is 32 bits). */
    public static final long MAX_SAMPLES = (0xFFFFFFFFL - 36) / 2;

    private WavWriter() {}

    /** The WAV file of {@code audio} at its own rate. */
    public static byte[] toWav16(MonoAudio audio) {
        Objects.requireNonNull(audio, "audio");
        float[] samples = audio.samples();
        long dataBytes = 2L * samples.length;
        if (samples.length > MAX_SAMPLES || HEADER_BYTES + dataBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("too many samples for one WAV file: " + samples.length);
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        int rate = audio.sampleRate();
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes)).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '})
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
        for (float v : samples) {
            b.putShort(toPcm16(v));
        }
        return b.array();
    }

    /** One sample as 16-bit PCM: clipped, scaled by 32767, rounded half away from zero. */
    public static short toPcm16(float v) {
        if (v != v) {
            return 0;
        }
        double x = Math.max(-1.0, Math.min(1.0, v)) * 32767.0;
        return (short) (x >= 0 ? Math.floor(x + 0.5) : -Math.floor(-x + 0.5));
    }
}
