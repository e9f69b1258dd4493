package io.crossmodal.audio.decode;

import java.nio.ByteBuffer;

/**
 * An MPEG audio frame header (ISO 11172-3 / 13818-3, and the "MPEG 2.5" extension): the fields needed to recognise
 * MP3 data, to find the next frame and to read a Xing/Info or VBRI header's frame count.
 *
 * @param version      1 (MPEG-1), 2 (MPEG-2) or 25 (MPEG-2.5)
 * @param layer        1, 2 or 3
 * @param bitrateKbps  0 for "free format"
 * @param sampleRate   in Hz
 * @param padding      one slot of padding
 * @param channels     1 (single channel) or 2
 */
record MpegHeader(int version, int layer, int bitrateKbps, int sampleRate, boolean padding, int channels) {

    private static final int[][] BITRATES = {
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II, III
    };
    private static final int[][] RATES = {{44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}};

    /** The header in the 4 bytes at {@code offset}, or null when they are not a valid frame header. */
    static MpegHeader parse(ByteBuffer b, int offset) {
        if (offset < 0 || offset + 4 > b.remaining()) {
            return null;
        }
        int h = (b.get(offset) & 0xff) << 24
                | (b.get(offset + 1) & 0xff) << 16
                | (b.get(offset + 2) & 0xff) << 8
                | (b.get(offset + 3) & 0xff);
        if ((h >>> 21) != 0x7FF) {
            return null;
        }
        int versionBits = h >>> 19 & 3;
        int layerBits = h >>> 17 & 3;
        int bitrateIndex = h >>> 12 & 15;
        int rateIndex = h >>> 10 & 3;
        int emphasis = h & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 15 || rateIndex == 3 || emphasis == 2) {
            return null;
        }
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int layer = 4 - layerBits;
        int table = version == 1 ? layer - 1 : (layer == 1 ? 3 : 4);
        int rate = RATES[version == 1 ? 0 : version == 2 ? 1 : 2][rateIndex];
        boolean padding = (h >>> 9 & 1) != 0;
        int channels = (h >>> 6 & 3) == 3 ? 1 : 2;
        return new MpegHeader(version, layer, BITRATES[table][bitrateIndex], rate, padding, channels);
    }

    /** Bytes in this frame, header included; 0 for free-format frames (no bit rate in the header). */
    int frameLength() {
        if (bitrateKbps == 0) {
            return 0;
        }
        int bitrate = bitrateKbps * 1000;
        if (layer == 1) {
            return (12 * bitrate / sampleRate + (padding ? 1 : 0)) * 4;
        }
        int coefficient = layer == 3 && version != 1 ? 72 : 144;
        return coefficient * bitrate / sampleRate + (padding ? 1 : 0);
    }

    /** Samples per channel in one frame. */
    int samplesPerFrame() {
        if (layer == 1) {
            return 384;
        }
        return layer == 3 && version != 1 ? 576 : 1152;
    }

    /**
     * True when {@code b} starts with a frame header (not free format) whose frame is followed by another header of
     * the same version, layer and sample rate, or by the end of the data.
     */
    static boolean isPlausibleStart(ByteBuffer b) {
        MpegHeader first = parse(b, 0);
        if (first == null || first.bitrateKbps == 0) {
            return false;
        }
        int next = first.frameLength();
        if (next + 4 > b.remaining()) {
            return true;
        }
        MpegHeader second = parse(b, next);
        return second != null
                && second.version == first.version
                && second.layer == first.layer
                && second.sampleRate == first.sampleRate;
    }

    /**
     * The frame count of a Xing/Info (LAME) or VBRI header in the frame at {@code offset}, or -1 when the frame has
     * none. Such a frame carries no audio; its count is that of the audio frames after it.
     */
    static long xingFrameCount(ByteBuffer b, int offset, MpegHeader h) {
        int sideInfo = h.version == 1 ? (h.channels == 1 ? 17 : 32) : (h.channels == 1 ? 9 : 17);
        int xing = offset + 4 + sideInfo;
        if (AudioContainer.startsWith(b, xing, "Xing") || AudioContainer.startsWith(b, xing, "Info")) {
            if (xing + 12 > b.remaining()) {
                return -1;
            }
            int flags = b.getInt(xing + 4);
            if ((flags & 1) == 0) {
                return -1;
            }
            return b.getInt(xing + 8) & 0xffffffffL;
        }
        int vbri = offset + 4 + 32;
        if (AudioContainer.startsWith(b, vbri, "VBRI") && vbri + 18 <= b.remaining()) {
            return b.getInt(vbri + 14) & 0xffffffffL;
        }
        return -1;
    }

    /** True when the frame at {@code offset} is a Xing/Info or VBRI header frame (decoded as silence otherwise). */
    static boolean isInfoFrame(ByteBuffer b, int offset, MpegHeader h) {
        int sideInfo = h.version == 1 ? (h.channels == 1 ? 17 : 32) : (h.channels == 1 ? 9 : 17);
        int xing = offset + 4 + sideInfo;
        return AudioContainer.startsWith(b, xing, "Xing")
                || AudioContainer.startsWith(b, xing, "Info")
                || AudioContainer.startsWith(b, offset + 36, "VBRI");
    }
}
