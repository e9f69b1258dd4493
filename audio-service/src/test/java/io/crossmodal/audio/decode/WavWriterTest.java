package io.crossmodal.audio.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.crossmodal.audio.MonoAudio;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** 16-bit PCM mono WAV out: header, clipping, rounding; read back by the JDK and by our decoder. */
class WavWriterTest {

    @Test
    void roundingAndClipping() {
        assertEquals(0, WavWriter.toPcm16(0f));
        assertEquals(32767, WavWriter.toPcm16(1f));
        assertEquals(-32767, WavWriter.toPcm16(-1f));
        assertEquals(32767, WavWriter.toPcm16(1.5f));
        assertEquals(-32767, WavWriter.toPcm16(-7f));
        assertEquals(32767, WavWriter.toPcm16(Float.POSITIVE_INFINITY));
        assertEquals(0, WavWriter.toPcm16(Float.NaN));
        assertEquals(1, WavWriter.toPcm16(0.5001f / 32767));
        assertEquals(-1, WavWriter.toPcm16(-0.5001f / 32767));
        assertEquals(0, WavWriter.toPcm16(0.49f / 32767));
        assertEquals(16384, WavWriter.toPcm16(0.5f)); // 16383.5 rounds up
    }

    @Test
    void headerIsCanonicalAndTheJdkReadsIt() throws Exception {
        float[] x = {0f, 0.5f, -0.5f, 1f, -1f, 0.25f, 2f};
        byte[] wav = WavWriter.toWav16(new MonoAudio(x, 22050));
        assertEquals(44 + 2 * x.length, wav.length);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(wav.length - 8, b.getInt(4));
        assertEquals(16, b.getInt(16));
        assertEquals(1, b.getShort(20));
        assertEquals(1, b.getShort(22));
        assertEquals(22050, b.getInt(24));
        assertEquals(44100, b.getInt(28));
        assertEquals(2, b.getShort(32));
        assertEquals(16, b.getShort(34));
        assertEquals(2 * x.length, b.getInt(40));
        AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav));
        AudioFormat f = in.getFormat();
        assertEquals(22050f, f.getSampleRate());
        assertEquals(1, f.getChannels());
        assertEquals(16, f.getSampleSizeInBits());
        assertEquals(x.length, in.getFrameLength());
        byte[] pcm = in.readAllBytes();
        short[] expected = {0, 16384, -16384, 32767, -32767, 8192, 32767};
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], (short) ((pcm[2 * i] & 0xff) | pcm[2 * i + 1] << 8), "sample " + i);
        }
    }

    @Test
    void ourDecoderReadsItBack() throws Exception {
        float[] x = new float[1600];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.7 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        byte[] wav = WavWriter.toWav16(new MonoAudio(x, 16000));
        try (AudioDecoder decoder = new AudioDecoder(AudioLimits.defaults(), 1, 1)) {
            DecodedAudio d = decoder.decode(wav, "audio/wav");
            assertEquals(16, d.bitsPerSample());
            float[] y = d.audio().samples();
            float[] expected = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                expected[i] = WavWriter.toPcm16(x[i]) / 32768f;
            }
            assertArrayEquals(expected, y);
        }
        // Empty audio is a valid 44-byte file.
        assertEquals(44, WavWriter.toWav16(new MonoAudio(new float[0], 8000)).length);
    }
}
