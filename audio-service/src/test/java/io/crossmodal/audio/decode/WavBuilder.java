package io.crossmodal.audio.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds WAV, RF64 and WAVE_FORMAT_EXTENSIBLE files of known samples for the tests. */
final class WavBuilder {

    enum Kind {
        PCM,
        FLOAT,
        ALAW,
        MULAW
    }

    private final int rate;
    private final int channels;
    private Kind kind = Kind.PCM;
    private int bits = 16;
    private boolean extensible;
    private int validBits;
    private boolean rf64;
    private boolean fmtAfterData;
    private boolean placeholderDataSize;
    private final List<byte[]> chunksBeforeFmt = new ArrayList<>();
    private final List<byte[]> chunksBeforeData = new ArrayList<>();
    private byte[] trailing = new byte[0];
    private int extraDataBytes;

    WavBuilder(int rate, int channels) {
        this.rate = rate;
        this.channels = channels;
    }

    WavBuilder pcm(int bits) {
        this.kind = Kind.PCM;
        this.bits = bits;
        return this;
    }

    WavBuilder floats(int bits) {
        this.kind = Kind.FLOAT;
        this.bits = bits;
        return this;
    }

    WavBuilder alaw() {
        this.kind = Kind.ALAW;
        this.bits = 8;
        return this;
    }

    WavBuilder mulaw() {
        this.kind = Kind.MULAW;
        this.bits = 8;
        return this;
    }

    WavBuilder extensible(int validBits) {
        this.extensible = true;
        this.validBits = validBits;
        return this;
    }

    WavBuilder rf64() {
        this.rf64 = true;
        return this;
    }

    WavBuilder fmtAfterData() {
        this.fmtAfterData = true;
        return this;
    }

    WavBuilder placeholderDataSize() {
        this.placeholderDataSize = true;
        return this;
    }

    WavBuilder chunkBeforeFmt(String id, byte[] body) {
        chunksBeforeFmt.add(chunk(id, body));
        return this;
    }

    WavBuilder chunkBeforeData(String id, byte[] body) {
        chunksBeforeData.add(chunk(id, body));
        return this;
    }

    WavBuilder trailing(byte[] bytes) {
        this.trailing = bytes;
        return this;
    }

    /** Extra bytes of a partial frame appended to the data (counted in the data size). */
    WavBuilder partialFrame(int bytes) {
        this.extraDataBytes = bytes;
        return this;
    }

    static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).put(body);
        return b.array();
    }

    int bytesPerSample() {
        return bits / 8;
    }

    /** The fmt chunk body. */
    byte[] fmtBody() {
        int tag = switch (kind) {
            case PCM -> 1;
            case FLOAT -> 3;
            case ALAW -> 6;
            case MULAW -> 7;
        };
        int align = channels * bytesPerSample();
        ByteBuffer b = ByteBuffer.allocate(extensible ? 40 : (kind == Kind.PCM ? 16 : 18))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (extensible ? 0xFFFE : tag))
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * align)
                .putShort((short) align)
                .putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) validBits).putInt(channels == 1 ? 4 : 3);
            b.putShort((short) tag)
                    .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        } else if (kind != Kind.PCM) {
            b.putShort((short) 0);
        }
        return b.array();
    }

    /** The data bytes of {@code samples[channel][frame]} (values in [-1, 1]). */
    byte[] dataBytes(double[][] samples) {
        int frames = samples[0].length;
        ByteBuffer b = ByteBuffer.allocate(frames * channels * bytesPerSample() + extraDataBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                double v = samples[c][i];
                switch (kind) {
                    case FLOAT -> {
                        if (bits == 32) {
                            b.putFloat((float) v);
                        } else {
                            b.putDouble(v);
                        }
                    }
                    case ALAW -> b.put(G711Encode.alaw((short) Math.round(v * 32767)));
                    case MULAW -> b.put(G711Encode.mulaw((short) Math.round(v * 32767)));
                    case PCM -> {
                        long q = quantise(v, validBits > 0 ? validBits : bits)
                                << (bits - (validBits > 0 ? validBits : bits));
                        if (bits == 8) {
                            b.put((byte) (q + 128));
                        } else {
                            for (int k = 0; k < bits / 8; k++) {
                                b.put((byte) (q >> (8 * k)));
                            }
                        }
                    }
                }
            }
        }
        for (int k = 0; k < extraDataBytes; k++) {
            b.put((byte) 0x11);
        }
        return b.array();
    }

    static long quantise(double v, int bits) {
        long max = (1L << (bits - 1)) - 1;
        return Math.round(Math.max(-1, Math.min(1, v)) * max);
    }

    /** The value the decoder gives for {@code v} stored with this builder's encoding (before mixing). */
    double expected(double v) {
        return switch (kind) {
            case FLOAT -> bits == 32 ? (double) (float) v : v;
            case ALAW -> PcmFormat.G711.alaw(G711Encode.alaw((short) Math.round(v * 32767))) / 32768.0;
            case MULAW -> PcmFormat.G711.mulaw(G711Encode.mulaw((short) Math.round(v * 32767))) / 32768.0;
            case PCM -> {
                int vb = validBits > 0 ? validBits : bits;
                yield (double) (quantise(v, vb) << (bits - vb)) / (1L << (bits - 1));
            }
        };
    }

    byte[] build(double[][] samples) {
        if (samples.length != channels) {
            throw new IllegalArgumentException("need " + channels + " channels");
        }
        byte[] data = dataBytes(samples);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.ISO_8859_1));
        if (rf64) {
            ByteBuffer ds64 = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
            ds64.putLong(0).putLong(data.length).putLong(samples[0].length).putInt(0);
            body.writeBytes(chunk("ds64", ds64.array()));
        }
        for (byte[] c : chunksBeforeFmt) {
            body.writeBytes(c);
        }
        byte[] dataChunk = chunk("data", data);
        if (rf64 || placeholderDataSize) {
            ByteBuffer.wrap(dataChunk).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0xFFFFFFFF);
        }
        if (fmtAfterData) {
            body.writeBytes(dataChunk);
            body.writeBytes(chunk("fmt ", fmtBody()));
        } else {
            body.writeBytes(chunk("fmt ", fmtBody()));
            for (byte[] c : chunksBeforeData) {
                body.writeBytes(c);
            }
            body.writeBytes(dataChunk);
        }
        byte[] b = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(8 + b.length + trailing.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((rf64 ? "RF64" : "RIFF").getBytes(StandardCharsets.ISO_8859_1))
                .putInt(rf64 ? 0xFFFFFFFF : b.length)
                .put(b)
                .put(trailing);
        return out.array();
    }

    /** A sine: {@code amplitude * sin(2 pi f i / rate + phase)}. */
    static double[] tone(double frequency, double amplitude, int rate, int frames, double phase) {
        double[] x = new double[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * frequency * i / rate + phase);
        }
        return x;
    }

    /** G.711 compression (the classic Sun g711.c reference), to build A-law and mu-law test data. */
    static final class G711Encode {
        private static final int[] SEG_AEND = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
        private static final int[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};

        private static int search(int value, int[] table) {
            for (int i = 0; i < table.length; i++) {
                if (value <= table[i]) {
                    return i;
                }
            }
            return table.length;
        }

        static byte alaw(short pcm) {
            int v = pcm >> 3;
            int mask;
            if (v >= 0) {
                mask = 0xD5;
            } else {
                mask = 0x55;
                v = -v - 1;
            }
            int seg = search(v, SEG_AEND);
            if (seg >= 8) {
                return (byte) (0x7F ^ mask);
            }
            int aval = seg << 4;
            aval |= seg < 2 ? (v >> 1) & 0x0F : (v >> seg) & 0x0F;
            return (byte) (aval ^ mask);
        }

        static byte mulaw(short pcm) {
            int v = pcm >> 2;
            int mask;
            if (v < 0) {
                v = -v;
                mask = 0x7F;
            } else {
                mask = 0xFF;
            }
            v = Math.min(v, 8159) + (0x84 >> 2);
            int seg = search(v, SEG_UEND);
            if (seg >= 8) {
                return (byte) (0x7F ^ mask);
            }
            int uval = seg << 4 | ((v >> (seg + 1)) & 0x0F);
            return (byte) (uval ^ mask);
        }
    }
}
