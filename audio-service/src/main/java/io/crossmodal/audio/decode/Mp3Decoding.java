package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG audio (layers I, II, III; MPEG-1, 2, 2.5) through JLayer ({@code com.googlecode.soundlibs:jlayer}), with the
 * stream walked here first.
 *
 * <p>ID3v2 tags at the start are skipped by their sizes (JLayer would allocate a tag's declared size), an ID3v1 and an
 * APEv2 tag at the end are cut off. The frames are then walked by their header lengths before anything is decoded:
 * every frame must follow the previous one, with the same version, layer, sample rate and channel count; the walk
 * gives the exact number of frames, hence the duration (checked against the limit before decoding); a last frame
 * that runs past the end of the data is CORRUPT (truncated); bytes where no frame header is found are CORRUPT when
 * frames follow them, and ignored at the end of the file (trailing junk). Free-format streams (no bit rate in the
 * header) are not supported. A Xing/Info/VBRI header frame is not decoded (it carries no audio); when it has a LAME
 * tag, the encoder delay and padding it records are removed (gapless), as players do, so the output lines up with the
 * encoder's input.
 */
final class Mp3Decoding {

    /** The MPEG audio layer III decoder's own delay, in samples (528 + 1), removed with the LAME encoder delay. */
    static final int DECODER_DELAY = 529;
    /** How far past the tags the first frame header is searched for. */
    private static final int MAX_LEADING_JUNK = 64 * 1024;

    private Mp3Decoding() {}

    /** The walked stream: where its frames are and what they are. */
    record Walk(
            int start,
            int end,
            int frames,
            MpegHeader first,
            int encoderDelay,
            int encoderPadding,
            boolean infoFrame) {}

    static Walk walk(ByteBuffer b, AudioLimits limits) throws AudioDecodeException {
        int length = b.remaining();
        long afterTags = Id3.skipId3v2Tags(b);
        if (afterTags < 0) {
            throw new AudioDecodeException(Reason.CORRUPT, "the mp3 file's ID3v2 tag is malformed or truncated");
        }
        int end = length;
        if (end - afterTags >= 128 && AudioContainer.startsWith(b, end - 128, "TAG")) {
            end -= 128;
        }
        if (end - afterTags >= 32 && AudioContainer.startsWith(b, end - 32, "APETAGEX")) {
            long size = b.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(end - 32 + 12) & 0xffffffffL;
            boolean hasHeader = (b.get(end - 32 + 23) & 0x80) != 0;
            long tag = size + (hasHeader ? 32 : 0);
            if (tag <= end - afterTags) {
                end -= (int) tag;
            }
        }
        int start = (int) afterTags;
        int limit = Math.min(end - 4, start + MAX_LEADING_JUNK);
        while (start <= limit && !consistentPair(b, start, end)) {
            start++;
        }
        MpegHeader first = start <= limit ? MpegHeader.parse(b, start) : null;
        if (first == null) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the mp3 data has no MPEG audio frame" + (afterTags > 0 ? " after its ID3v2 tag" : ""));
        }
        if (first.bitrateKbps() == 0) {
            throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, "free-format MPEG audio is not supported");
        }
        limits.checkShape("mp3", first.channels(), first.sampleRate());

        int pos = start;
        int frames = 0;
        while (pos + 4 <= end) {
            MpegHeader h = MpegHeader.parse(b, pos);
            if (h == null || h.bitrateKbps() == 0) {
                // Junk: fatal when frames follow it, else the end of the audio.
                for (int p = pos + 1; p + 4 <= end; p++) {
                    if (consistentPair(b, p, end)) {
                        throw new AudioDecodeException(
                                Reason.CORRUPT,
                                "the mp3 data is corrupt: no frame header at" + " offset " + pos + " (after " + frames
                                        + " frames), more frames at offset " + p);
                    }
                }
                break;
            }
            if (h.version() != first.version()
                    || h.layer() != first.layer()
                    || h.sampleRate() != first.sampleRate()
                    || h.channels() != first.channels()) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the mp3 data changes format after " + frames
                                + " frames (MPEG-" + (h.version() == 25 ? "2.5" : h.version()) + " layer " + h.layer()
                                + ", "
                                + h.sampleRate() + " Hz, " + h.channels() + " channels; the first frame has MPEG-"
                                + (first.version() == 25 ? "2.5" : first.version()) + " layer " + first.layer() + ", "
                                + first.sampleRate() + " Hz, " + first.channels() + " channels)");
            }
            int frameLength = h.frameLength();
            if (pos + frameLength > end) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the mp3 data is truncated: frame " + frames + " at offset " + pos + " needs " + frameLength
                                + " bytes, " + (end - pos) + " are left");
            }
            pos += frameLength;
            frames++;
        }
        boolean info = first.layer() == 3 && MpegHeader.isInfoFrame(b, start, first);
        int delay = 0;
        int padding = 0;
        if (info) {
            long declared = MpegHeader.xingFrameCount(b, start, first);
            // The count is of the audio frames, or of all frames with the header frame (encoders differ).
            if (declared > 0 && frames - 1 < declared && frames < declared) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the mp3 data is truncated: " + (frames - 1) + " audio frames of the " + declared
                                + " its Xing/Info header declares");
            }
            int[] gapless = lameDelayAndPadding(b, start, first);
            delay = gapless[0];
            padding = gapless[1];
        }
        return new Walk(start, pos, frames, first, delay, padding, info);
    }

    /** A frame header at {@code p} followed by a consistent one (or by the end of the data). */
    private static boolean consistentPair(ByteBuffer b, int p, int end) {
        MpegHeader h = MpegHeader.parse(b, p);
        if (h == null || h.bitrateKbps() == 0) {
            return false;
        }
        int next = p + h.frameLength();
        if (next == end) {
            return true;
        }
        if (next + 4 > end) {
            return false;
        }
        MpegHeader n = MpegHeader.parse(b, next);
        return n != null && n.version() == h.version() && n.layer() == h.layer() && n.sampleRate() == h.sampleRate();
    }

    /** The LAME tag's encoder delay and padding, {0, 0} when there is none or it is implausible. */
    private static int[] lameDelayAndPadding(ByteBuffer b, int frame, MpegHeader h) {
        int sideInfo = h.version() == 1 ? (h.channels() == 1 ? 17 : 32) : (h.channels() == 1 ? 9 : 17);
        int xing = frame + 4 + sideInfo;
        if (!(AudioContainer.startsWith(b, xing, "Xing") || AudioContainer.startsWith(b, xing, "Info"))
                || xing + 8 > b.remaining()) {
            return new int[2];
        }
        int flags = b.getInt(xing + 4);
        int lame = xing
                + 8
                + ((flags & 1) != 0 ? 4 : 0)
                + ((flags & 2) != 0 ? 4 : 0)
                + ((flags & 4) != 0 ? 100 : 0)
                + ((flags & 8) != 0 ? 4 : 0);
        if (lame + 24 > frame + h.frameLength()
                || !(AudioContainer.startsWith(b, lame, "LAME")
                        || AudioContainer.startsWith(b, lame, "Lavf")
                        || AudioContainer.startsWith(b, lame, "Lavc"))) {
            return new int[2];
        }
        int d = lame + 21;
        int packed = (b.get(d) & 0xff) << 16 | (b.get(d + 1) & 0xff) << 8 | (b.get(d + 2) & 0xff);
        int delay = packed >>> 12;
        int padding = packed & 0xfff;
        return new int[] {delay, padding};
    }

    static DecodedAudio decode(ByteBuffer input, AudioLimits limits, BooleanSupplier cancelled, boolean mismatch)
            throws IOException, AudioDecodeException {
        ByteBuffer b = input.slice();
        Walk walk = walk(b, limits);
        MpegHeader first = walk.first();
        int rate = first.sampleRate();
        int spf = first.samplesPerFrame();
        int audioFrames = walk.frames() - (walk.infoFrame() ? 1 : 0);
        long total = (long) audioFrames * spf;
        long skipStart = 0;
        if (walk.infoFrame()
                && (walk.encoderDelay() > 0 || walk.encoderPadding() > 0)
                && walk.encoderDelay() + walk.encoderPadding() < total) {
            skipStart = Math.min(total, walk.encoderDelay() + DECODER_DELAY);
            total -= walk.encoderDelay() + walk.encoderPadding();
        }
        limits.checkFrames("mp3", total, rate, audioFrames + " frames of " + spf + " samples");

        int decodeStart = walk.start() + (walk.infoFrame() ? first.frameLength() : 0);
        MonoSink sink = new MonoSink("mp3", rate, total, limits);
        Bitstream bitstream =
                new Bitstream(new ByteBufferInputStream(b.slice(decodeStart, walk.end() - decodeStart), cancelled));
        Decoder decoder = new Decoder();
        float[] block = new float[spf];
        long position = 0; // decoded samples per channel, before trimming
        long kept = 0;
        int decodedFrames = 0;
        try {
            while (kept < total) {
                if (cancelled.getAsBoolean()) {
                    throw MonoSink.timeout("mp3", limits);
                }
                Header header = bitstream.readFrame();
                if (header == null) {
                    break;
                }
                SampleBuffer output = (SampleBuffer) decoder.decodeFrame(header, bitstream);
                bitstream.closeFrame();
                decodedFrames++;
                int channels = output.getChannelCount();
                short[] pcm = output.getBuffer();
                int n = output.getBufferLength() / channels;
                if (n > spf || channels != first.channels()) {
                    throw new AudioDecodeException(
                            Reason.CORRUPT,
                            "the mp3 data is corrupt: frame " + decodedFrames + " decoded to " + n + " samples of "
                                    + channels + " channels");
                }
                int m = 0;
                for (int i = 0; i < n; i++, position++) {
                    if (position < skipStart || kept + m >= total) {
                        continue;
                    }
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += pcm[i * channels + c];
                    }
                    block[m++] = sum / (32768f * channels);
                }
                sink.accept(block, m);
                kept += m;
            }
        } catch (JavaLayerException e) {
            if (cancelled.getAsBoolean()) {
                throw MonoSink.timeout("mp3", limits);
            }
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the mp3 data is corrupt: " + DecodeJob.describe(e) + " (after " + decodedFrames + " frames)",
                    e);
        }
        if (kept < total) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the mp3 data is corrupt: " + decodedFrames + " of " + audioFrames + " frames decoded");
        }
        return new DecodedAudio(
                sink.finishAudio(), AudioContainer.MP3, rate, first.channels(), 0, total * 1000 / rate, mismatch);
    }
}
