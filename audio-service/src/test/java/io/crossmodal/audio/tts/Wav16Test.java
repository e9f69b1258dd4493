package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Wav16Test {

    /** A canonical WAV: RIFF, fmt (16 bytes), optional LIST chunk, data. */
    static byte[] wav(
            int format,
            int channels,
            int rate,
            int bits,
            int blockAlign,
            short[] samples,
            long dataSizeField,
            boolean listChunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) format)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) bits);
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            data.putShort(s);
        }
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32(0));
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        chunk(out, "fmt ", fmt.array(), 16);
        if (listChunk) {
            chunk(out, "LIST", new byte[] {'I', 'N', 'F', 'O', 'x'}, 5); // odd size: padded
        }
        chunk(out, "data", data.array(), dataSizeField);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String id, byte[] body, long sizeField) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le32((int) sizeField));
        out.writeBytes(body);
        if ((body.length & 1) == 1) {
            out.write(0);
        }
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Test
    void readsMono16() {
        short[] s = {0, 16384, -16384, 32767, -32768};
        MonoAudio audio = Wav16.read(wav(1, 1, 32000, 16, 2, s, 10, true), false);
        assertEquals(32000, audio.sampleRate());
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f, 32767f / 32768f, -1f}, audio.samples());
    }

    @Test
    void mixesChannelsToMono() {
        short[] s = {16384, 0, -16384, -16384};
        MonoAudio audio = Wav16.read(wav(1, 2, 22050, 16, 4, s, 8, false), false);
        assertArrayEquals(new float[] {0.25f, -0.5f}, audio.samples());
    }

    @Test
    void streamedPlaceholderSizeMeansUpToTheEnd() {
        short[] s = {100, 200, 300};
        byte[] bytes = wav(1, 1, 22050, 16, 2, s, 0x7ffff000L, false);
        assertEquals(3, Wav16.read(bytes, true).samples().length);
        IllegalArgumentException strict = assertThrows(IllegalArgumentException.class, () -> Wav16.read(bytes, false));
        assertTrue(strict.getMessage().contains("truncated"), strict.getMessage());
    }

    @Test
    void streamedDropsPartialFrame() {
        byte[] bytes = wav(1, 1, 22050, 16, 2, new short[] {1, 2}, 0x7ffff000L, false);
        byte[] odd = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertEquals(2, Wav16.read(odd, true).samples().length);
    }

    @Test
    void refusesWhatIsNot16BitPcm() {
        short[] s = {1, 2};
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(wav(3, 1, 16000, 32, 4, s, 4, false), false));
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(wav(1, 1, 16000, 8, 1, s, 4, false), false));
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(wav(1, 1, 16000, 16, 3, s, 4, false), false));
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(wav(1, 0, 16000, 16, 0, s, 4, false), false));
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(wav(1, 1, 0, 16, 2, s, 4, false), false));
    }

    @Test
    void refusesMalformedContainers() {
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(new byte[0], false));
        assertThrows(
                IllegalArgumentException.class,
                () -> Wav16.read("RIFX\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1), false));
        byte[] good = wav(1, 1, 16000, 16, 2, new short[] {1, 2}, 4, false);
        byte[] noData = java.util.Arrays.copyOf(good, 36);
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(noData, false));
        byte[] empty = wav(1, 1, 16000, 16, 2, new short[0], 0, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wav16.read(empty, false));
        assertTrue(e.getMessage().contains("no samples"), e.getMessage());
        // data before fmt
        byte[] swapped = new byte[good.length];
        System.arraycopy(good, 0, swapped, 0, 12);
        System.arraycopy(good, 36, swapped, 12, good.length - 36);
        System.arraycopy(good, 12, swapped, 12 + good.length - 36, 24);
        assertThrows(IllegalArgumentException.class, () -> Wav16.read(swapped, false));
        // odd data length in a strict file
        assertThrows(
                IllegalArgumentException.class,
                () -> Wav16.read(wav(1, 1, 16000, 16, 2, new short[] {1, 2}, 3, false), false));
    }
}
