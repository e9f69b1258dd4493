package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * Native FLAC through jFLAC ({@code org.jflac:jflac-codec}), with the container parsed here first.
 *
 * <p>The metadata blocks are walked by their sizes (each must fit in the data; the first must be a 34-byte
 * STREAMINFO); the channels, rate, bits per sample and, when STREAMINFO gives it, the total length are checked
 * against the limits before any frame is decoded. jFLAC is then given only {@code fLaC}, the STREAMINFO block and the
 * frames: no other metadata block (pictures, comments, seek tables, whose sizes jFLAC would allocate) reaches it. A
 * frame with a bad header or CRC, lost sync between frames, a frame whose format differs from STREAMINFO, or fewer
 * samples than STREAMINFO declares is CORRUPT (jFLAC itself would zero or skip such frames). A trailing ID3v1 tag is
 * ignored.
 */
final class FlacDecoding {

    private FlacDecoding() {}

    static DecodedAudio decode(ByteBuffer input, AudioLimits limits, BooleanSupplier cancelled, boolean mismatch)
            throws IOException, AudioDecodeException {
        ByteBuffer b = input.slice();
        int length = b.remaining();
        long start = Id3.skipId3v2Tags(b);
        if (start < 0) {
            throw new AudioDecodeException(Reason.CORRUPT, "the flac file's ID3v2 tag is malformed or truncated");
        }
        int pos = (int) start + 4; // after "fLaC"
        byte[] streamInfo = null;
        boolean last = false;
        int blocks = 0;
        while (!last) {
            if (pos + 4 > length) {
                throw new AudioDecodeException(Reason.CORRUPT, "the flac file is truncated in its metadata blocks");
            }
            int header = b.getInt(pos);
            last = header < 0;
            int type = header >>> 24 & 0x7f;
            int size = header & 0xffffff;
            if (type == 127) {
                throw new AudioDecodeException(Reason.CORRUPT, "the flac file has an invalid metadata block type 127");
            }
            if (pos + 4 + size > length) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the flac file is truncated: metadata block " + blocks + " declares " + size
                                + " bytes past the end of the file");
            }
            if (blocks == 0) {
                if (type != 0 || size != 34) {
                    throw new AudioDecodeException(
                            Reason.CORRUPT,
                            "the flac file does not start with a 34-byte" + " STREAMINFO block (type " + type + ", "
                                    + size + " bytes)");
                }
                streamInfo = new byte[34];
                b.get(pos + 4, streamInfo);
            }
            pos += 4 + size;
            blocks++;
        }
        ByteBuffer si = ByteBuffer.wrap(streamInfo);
        int minBlock = si.getShort(0) & 0xffff;
        int maxBlock = si.getShort(2) & 0xffff;
        long packed = si.getLong(10);
        int sampleRate = (int) (packed >>> 44);
        int channels = (int) (packed >>> 41 & 7) + 1;
        int bits = (int) (packed >>> 36 & 31) + 1;
        long totalSamples = packed & 0xFFFFFFFFFL;
        if (minBlock < 16 || maxBlock < minBlock) {
            throw new AudioDecodeException(
                    Reason.CORRUPT, "the flac STREAMINFO declares block sizes " + minBlock + " to " + maxBlock);
        }
        limits.checkShape("flac", channels, sampleRate);
        if (bits < 4) {
            throw new AudioDecodeException(Reason.CORRUPT, "the flac STREAMINFO declares " + bits + " bits per sample");
        }
        if (bits > 24) {
            throw new AudioDecodeException(
                    Reason.UNSUPPORTED_FORMAT, "flac with " + bits + " bits per sample is not supported (up to 24)");
        }
        if (totalSamples > 0) {
            limits.checkFrames(
                    "flac", totalSamples, sampleRate, "its STREAMINFO declares " + totalSamples + " samples");
        }
        int framesEnd = length;
        if (framesEnd - pos >= 128 && AudioContainer.startsWith(b, framesEnd - 128, "TAG")) {
            framesEnd -= 128; // ID3v1
        }

        // What jFLAC sees: the signature, STREAMINFO flagged as the last block, then the frames.
        byte[] head = new byte[4 + 4 + 34];
        head[0] = 'f';
        head[1] = 'L';
        head[2] = 'a';
        head[3] = 'C';
        head[4] = (byte) 0x80;
        head[7] = 34;
        System.arraycopy(streamInfo, 0, head, 8, 34);
        ByteBufferInputStream frames = new ByteBufferInputStream(b.slice(pos, framesEnd - pos), cancelled);
        FLACDecoder decoder = new FLACDecoder(new SequenceInputStream(new ByteArrayInputStream(head), frames));
        String[] error = new String[1];
        decoder.addFrameListener(new FrameListener() {
            @Override
            public void processMetadata(Metadata metadata) {}

            @Override
            public void processFrame(Frame frame) {}

            @Override
            public void processError(String msg) {
                if (error[0] == null) {
                    error[0] = msg;
                }
            }
        });
        StreamInfo info = decoder.readStreamInfo();
        if (info.getSampleRate() != sampleRate || info.getChannels() != channels) {
            throw new AudioDecodeException(Reason.CORRUPT, "the flac STREAMINFO could not be read");
        }

        MonoSink sink = new MonoSink("flac", sampleRate, totalSamples > 0 ? totalSamples : -1, limits);
        float[] block = new float[maxBlock];
        double scale = 1.0 / ((double) (1L << (bits - 1)) * channels);
        long decoded = 0;
        while (totalSamples == 0 || decoded < totalSamples) {
            if (cancelled.getAsBoolean()) {
                throw MonoSink.timeout("flac", limits);
            }
            Frame frame = decoder.readNextFrame();
            if (error[0] != null || decoder.getBadFrames() > 0) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the flac file is corrupt: "
                                + (error[0] != null ? error[0] : "a frame could not be decoded") + " (after " + decoded
                                + " samples)");
            }
            if (frame == null) {
                break;
            }
            var h = frame.header;
            if (h.channels != channels || h.bitsPerSample != bits || h.sampleRate != sampleRate) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the flac file is corrupt: a frame has " + h.channels
                                + " channels, " + h.bitsPerSample + " bits, " + h.sampleRate + " Hz; STREAMINFO says "
                                + channels + ", " + bits + ", " + sampleRate);
            }
            int n = h.blockSize;
            if (n > maxBlock) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the flac file is corrupt: a frame of " + n
                                + " samples, more than STREAMINFO's maximum block size " + maxBlock);
            }
            if (totalSamples > 0 && decoded + n > totalSamples) {
                n = (int) (totalSamples - decoded);
            }
            var data = decoder.getChannelData();
            for (int i = 0; i < n; i++) {
                long sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += data[c].getOutput()[i];
                }
                block[i] = (float) (sum * scale);
            }
            sink.accept(block, n);
            decoded += n;
        }
        if (totalSamples > 0 && decoded < totalSamples) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the flac file is truncated: " + decoded + " of the " + totalSamples
                            + " samples its STREAMINFO declares");
        }
        if (decoded == 0 && framesEnd > pos) {
            throw new AudioDecodeException(Reason.CORRUPT, "the flac file has no decodable frame");
        }
        return new DecodedAudio(
                sink.finishAudio(),
                AudioContainer.FLAC,
                sampleRate,
                channels,
                bits,
                decoded * 1000 / sampleRate,
                mismatch);
    }
}
