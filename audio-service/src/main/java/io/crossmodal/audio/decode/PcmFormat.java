package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The sample layout of WAV data (and of raw L16 streams): how many channels, how each sample is stored, and the
 * conversion of interleaved frames to mono floats (the channels' mean).
 *
 * @param encoding      how each sample is stored
 * @param channels      interleaved channels per frame
 * @param sampleRate    frames per second
 * @param containerBits bits each sample takes in the data (8, 16, 24, 32 or 64)
 * @param validBits     bits of precision reported ({@code AudioInfo.bits_per_sample}): the container size, or
 *                      WAVE_FORMAT_EXTENSIBLE's valid bits when smaller
 * @param extensible    the fmt chunk was WAVE_FORMAT_EXTENSIBLE
 */
record PcmFormat(
        Encoding encoding, int channels, int sampleRate, int containerBits, int validBits, boolean extensible) {

    /** Sample encodings read. */
    enum Encoding {
        /** Unsigned 8-bit (offset 128), signed little-endian 16, 24 and 32-bit. */
        PCM,
        /** IEEE 754 little-endian, 32 or 64 bits. */
        FLOAT,
        /** G.711 A-law, 8 bits. */
        ALAW,
        /** G.711 mu-law, 8 bits. */
        MULAW
    }

    static final int WAVE_FORMAT_PCM = 1;
    static final int WAVE_FORMAT_IEEE_FLOAT = 3;
    static final int WAVE_FORMAT_ALAW = 6;
    static final int WAVE_FORMAT_MULAW = 7;
    static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** The tail shared by the KSDATAFORMAT_SUBTYPE GUIDs after their first two bytes (the format tag). */
    private static final byte[] GUID_TAIL = {
        0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
    };

    /** Bytes per frame. */
    int blockAlign() {
        return channels * (containerBits / 8);
    }

    /**
     * Parses a WAV {@code fmt } chunk body.
     *
     * @param format "wav" or "rf64", for messages
     */
    static PcmFormat parseFmt(ByteBuffer body, String format, AudioLimits limits) throws AudioDecodeException {
        ByteBuffer b = body.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 16) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the " + format + " fmt chunk has " + b.remaining() + " bytes, fewer than the 16 it needs");
        }
        int tag = b.getShort(0) & 0xffff;
        int channels = b.getShort(2) & 0xffff;
        long sampleRate = b.getInt(4) & 0xffffffffL;
        int blockAlign = b.getShort(12) & 0xffff;
        int bits = b.getShort(14) & 0xffff;
        int validBits = bits;
        boolean extensible = false;
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            extensible = true;
            if (b.remaining() < 40 || (b.getShort(16) & 0xffff) < 22) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the " + format
                                + " fmt chunk says WAVE_FORMAT_EXTENSIBLE but has no complete extension ("
                                + b.remaining()
                                + " bytes)");
            }
            int valid = b.getShort(18) & 0xffff;
            if (valid != 0) {
                validBits = valid;
            }
            int subTag = b.getShort(24) & 0xffff;
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b.get(26 + i) != GUID_TAIL[i]) {
                    throw new AudioDecodeException(
                            Reason.UNSUPPORTED_FORMAT,
                            "the " + format
                                    + " file's WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a standard KSDATAFORMAT_SUBTYPE");
                }
            }
            tag = subTag;
        }
        Encoding encoding = switch (tag) {
            case WAVE_FORMAT_PCM -> Encoding.PCM;
            case WAVE_FORMAT_IEEE_FLOAT -> Encoding.FLOAT;
            case WAVE_FORMAT_ALAW -> Encoding.ALAW;
            case WAVE_FORMAT_MULAW -> Encoding.MULAW;
            default ->
                throw new AudioDecodeException(
                        Reason.UNSUPPORTED_FORMAT,
                        "the " + format + " file's codec " + codecName(tag)
                                + " is not supported: only PCM, IEEE float, A-law and mu-law are read");
        };
        limits.checkShape(format, channels, sampleRate);
        int container;
        switch (encoding) {
            case PCM -> {
                if (bits < 1 || bits > 32) {
                    throw new AudioDecodeException(
                            Reason.UNSUPPORTED_FORMAT,
                            "the " + format + " file's PCM has " + bits + " bits per sample; 1 to 32 are read");
                }
                container = (bits + 7) / 8 * 8;
            }
            case FLOAT -> {
                if (bits != 32 && bits != 64) {
                    throw new AudioDecodeException(
                            Reason.UNSUPPORTED_FORMAT,
                            "the " + format + " file's IEEE float samples have " + bits + " bits; 32 and 64 are read");
                }
                container = bits;
            }
            default -> {
                if (bits != 8) {
                    throw new AudioDecodeException(
                            Reason.CORRUPT,
                            "the " + format + " file's G.711 samples have " + bits + " bits instead of 8");
                }
                container = 8;
            }
        }
        if (validBits > container) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the " + format + " fmt chunk declares " + validBits + " valid bits in " + container
                            + "-bit samples");
        }
        int expectedAlign = channels * (container / 8);
        if (blockAlign != expectedAlign) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the " + format + " fmt chunk's block align is "
                            + blockAlign + " bytes, but " + channels + " channels of " + container
                            + "-bit samples take "
                            + expectedAlign);
        }
        return new PcmFormat(encoding, channels, (int) sampleRate, container, validBits, extensible);
    }

    private static String codecName(int tag) {
        String name = switch (tag) {
            case 0x0002 -> "MS ADPCM";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG layer III";
            case 0x00FF, 0x1600, 0x1610 -> "AAC";
            case 0x0092, 0x2000 -> "AC-3";
            default -> "";
        };
        String hex = String.format("0x%04X", tag);
        return name.isEmpty() ? hex : name + " (" + hex + ")";
    }

    /**
     * Converts {@code frames} interleaved frames starting at {@code src}'s absolute index {@code offset} into mono
     * floats in {@code out} from {@code outOff}: each frame's channel samples scaled to [-1, 1] (float samples as
     * stored, NaN as 0, infinities clamped) and averaged.
     */
    void toMono(ByteBuffer src, int offset, int frames, float[] out, int outOff) {
        ByteBuffer b = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int bytes = containerBits / 8;
        int pos = offset;
        float scale = 1f / channels;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(b, pos);
                pos += bytes;
            }
            out[outOff + f] = channels == 1 ? (float) sum : (float) (sum * scale);
        }
    }

    private double sample(ByteBuffer b, int pos) {
        switch (encoding) {
            case PCM:
                switch (containerBits) {
                    case 8:
                        return ((b.get(pos) & 0xff) - 128) / 128.0;
                    case 16:
                        return b.getShort(pos) / 32768.0;
                    case 24:
                        return ((b.get(pos) & 0xff) | (b.get(pos + 1) & 0xff) << 8 | b.get(pos + 2) << 16) / 8388608.0;
                    default:
                        return b.getInt(pos) / 2147483648.0;
                }
            case FLOAT: {
                double v = containerBits == 32 ? b.getFloat(pos) : b.getDouble(pos);
                if (v != v) {
                    return 0;
                }
                return Math.max(-1e3, Math.min(1e3, v));
            }
            case ALAW:
                return G711.alaw(b.get(pos)) / 32768.0;
            default:
                return G711.mulaw(b.get(pos)) / 32768.0;
        }
    }

    /** G.711 expansion to 16-bit linear (ITU-T G.711 tables). */
    static final class G711 {
        private static final short[] ALAW = new short[256];
        private static final short[] MULAW = new short[256];

        static {
            for (int i = 0; i < 256; i++) {
                int a = i ^ 0x55;
                int t = (a & 0x0F) << 4;
                int seg = (a & 0x70) >> 4;
                if (seg == 0) {
                    t += 8;
                } else {
                    t += 0x108;
                    t <<= seg - 1;
                }
                ALAW[i] = (short) ((a & 0x80) != 0 ? t : -t);

                int u = ~i & 0xff;
                int m = ((u & 0x0F) << 3) + 0x84;
                m <<= (u & 0x70) >> 4;
                MULAW[i] = (short) ((u & 0x80) != 0 ? 0x84 - m : m - 0x84);
            }
        }

        private G711() {}

        static int alaw(byte v) {
            return ALAW[v & 0xff];
        }

        static int mulaw(byte v) {
            return MULAW[v & 0xff];
        }
    }
}
