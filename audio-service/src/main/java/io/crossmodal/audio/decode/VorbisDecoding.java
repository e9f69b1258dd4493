package io.crossmodal.audio.decode;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * Ogg Vorbis through JOrbis ({@code com.googlecode.soundlibs:jorbis}), with the Ogg pages and the Vorbis headers
 * checked here first.
 *
 * <p>The pages are walked by their headers before decoding: each must start where the previous one ended, fit in the
 * data and belong to a stream that began with a BOS page; the first logical stream is decoded, others (multiplexed or
 * chained) are ignored. Its last page must be flagged end-of-stream (else the file is truncated: CORRUPT) and its
 * granule position is the exact length, checked against the limit before anything is decoded and used to trim the
 * last packet, as libvorbisfile does. A stream whose first packet is Opus, FLAC, Speex or anything else than Vorbis is
 * UNSUPPORTED_FORMAT. The identification header is checked here (channels, rate, block sizes 64..8192), the comment
 * header is replaced by an empty one (JOrbis would allocate its declared counts and lengths), and the setup header is
 * validated by {@link VorbisSetup} before JOrbis unpacks it. A page with a bad CRC is CORRUPT.
 */
final class VorbisDecoding {

    private VorbisDecoding() {}

    /** The page walk: the first stream's serial, its length in samples, and the end of the data. */
    private record Walk(int serial, long granule) {}

    private static Walk walk(ByteBuffer b, AudioLimits limits) throws AudioDecodeException {
        int length = b.remaining();
        int pos = 0;
        int serial = 0;
        long granule = -1;
        boolean eos = false;
        boolean first = true;
        while (pos < length) {
            if (pos + 27 > length || !AudioContainer.startsWith(b, pos, "OggS")) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the ogg file is " + (pos + 27 > length ? "truncated" : "corrupt")
                                + ": no page header at offset " + pos);
            }
            int type = b.get(pos + 5) & 0xff;
            long pageGranule = b.getLong(pos + 6);
            int pageSerial = b.getInt(pos + 14);
            int segments = b.get(pos + 26) & 0xff;
            if (b.get(pos + 4) != 0 || pos + 27 + segments > length) {
                throw new AudioDecodeException(
                        Reason.CORRUPT, "the ogg file is corrupt or truncated at the page at " + "offset " + pos);
            }
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += b.get(pos + 27 + i) & 0xff;
            }
            int end = pos + 27 + segments + body;
            if (end > length) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the ogg file is truncated: the page at offset " + pos + " needs " + (end - pos) + " bytes, "
                                + (length - pos) + " are left");
            }
            if (first) {
                if ((type & 2) == 0) {
                    throw new AudioDecodeException(Reason.CORRUPT, "the ogg file's first page does not begin a stream");
                }
                serial = pageSerial;
                first = false;
            }
            if (pageSerial == serial && !eos) {
                if (pageGranule != -1) {
                    granule = pageGranule;
                }
                eos = (type & 4) != 0;
            }
            pos = end;
        }
        if (!eos) {
            throw new AudioDecodeException(
                    Reason.CORRUPT, "the ogg file is truncated: its stream has no" + " end-of-stream page");
        }
        return new Walk(serial, granule);
    }

    static DecodedAudio decode(ByteBuffer input, AudioLimits limits, BooleanSupplier cancelled, boolean mismatch)
            throws IOException, AudioDecodeException {
        ByteBuffer b = input.slice().order(ByteOrder.LITTLE_ENDIAN);
        Walk walk = walk(b, limits);

        SyncState sync = new SyncState();
        sync.init();
        StreamState stream = new StreamState();
        stream.init(walk.serial());
        Page page = new Page();
        Packet packet = new Packet();
        Info info = new Info();
        info.init();
        Comment comment = new Comment();
        comment.init();
        Feeder feeder = new Feeder(b, sync, cancelled, limits);

        // The three header packets.
        int headers = 0;
        int channels = 0;
        int rate = 0;
        int blocksize1 = 0;
        while (headers < 3) {
            if (!nextPacket(feeder, sync, stream, page, packet, walk.serial())) {
                throw new AudioDecodeException(Reason.CORRUPT, "the ogg file ends inside its headers");
            }
            byte[] p = packet.packet_base;
            int off = packet.packet;
            int len = packet.bytes;
            if (headers == 0) {
                checkCodec(p, off, len);
                if (len < 30) {
                    throw new AudioDecodeException(Reason.CORRUPT, "the Vorbis identification header is truncated");
                }
                ByteBuffer id = ByteBuffer.wrap(p, off, len).slice().order(ByteOrder.LITTLE_ENDIAN);
                channels = id.get(11) & 0xff;
                long r = id.getInt(12) & 0xffffffffL;
                limits.checkShape("ogg", channels, r);
                rate = (int) r;
                int sizes = id.get(28) & 0xff;
                int blocksize0 = 1 << (sizes & 15);
                blocksize1 = 1 << (sizes >> 4);
                if (id.getInt(7) != 0
                        || blocksize0 < 64
                        || blocksize1 > 8192
                        || blocksize0 > blocksize1
                        || (id.get(29) & 1) == 0) {
                    throw new AudioDecodeException(Reason.CORRUPT, "the Vorbis identification header is invalid");
                }
            } else if (headers == 1) {
                if (len < 7 || p[off] != 3) {
                    throw new AudioDecodeException(Reason.CORRUPT, "the Vorbis comment header is missing");
                }
                // JOrbis would allocate the declared vendor and comment lengths: give it an empty comment header.
                byte[] empty = {3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};
                packet.packet_base = empty;
                packet.packet = 0;
                packet.bytes = empty.length;
            } else {
                VorbisSetup.check(p, off, len, channels, blocksize1);
            }
            if (info.synthesis_headerin(comment, packet) < 0) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the ogg file's Vorbis header " + (headers + 1) + " was refused by the decoder");
            }
            headers++;
        }
        long total = walk.granule();
        if (total < 0) {
            throw new AudioDecodeException(Reason.CORRUPT, "the ogg file's stream has no granule position");
        }
        limits.checkFrames("ogg", total, rate, "its last granule position is " + total);

        DspState dsp = new DspState();
        dsp.synthesis_init(info);
        Block block = new Block(dsp);
        MonoSink sink = new MonoSink("ogg", rate, total, limits);
        float[][][] pcm = new float[1][][];
        int[] index = new int[channels];
        float[] mono = new float[blocksize1];
        float scale = 1f / channels;
        long produced = 0;
        while (produced < total && nextPacket(feeder, sync, stream, page, packet, walk.serial())) {
            if (cancelled.getAsBoolean()) {
                throw MonoSink.timeout("ogg", limits);
            }
            if (block.synthesis(packet) != 0) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the ogg file has an undecodable audio packet (after " + produced + " samples)");
            }
            dsp.synthesis_blockin(block);
            int samples;
            while ((samples = dsp.synthesis_pcmout(pcm, index)) > 0) {
                int n = (int) Math.min(samples, Math.min(mono.length, total - produced));
                float[][] ch = pcm[0];
                for (int i = 0; i < n; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += ch[c][index[c] + i];
                    }
                    mono[i] = channels == 1 ? sum : sum * scale;
                }
                sink.accept(mono, n);
                produced += n;
                dsp.synthesis_read(samples);
                if (produced >= total) {
                    break;
                }
            }
        }
        if (produced < total) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the ogg file is truncated or corrupt: " + produced + " of the " + total
                            + " samples its last page declares");
        }
        return new DecodedAudio(
                sink.finishAudio(), AudioContainer.OGG, rate, channels, 0, total * 1000 / rate, mismatch);
    }

    private static void checkCodec(byte[] p, int off, int len) throws AudioDecodeException {
        String head =
                AudioContainer.ascii(ByteBuffer.wrap(p, off, Math.min(len, 8)).slice(), 0, Math.min(len, 8));
        if (head.startsWith("OpusHead")) {
            throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, "Ogg Opus is not supported (only Ogg Vorbis)");
        }
        if (head.startsWith("?FLAC")) {
            throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, "Ogg FLAC is not supported (only native FLAC)");
        }
        if (head.startsWith("Speex")) {
            throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, "Ogg Speex is not supported");
        }
        if (!head.startsWith("?vorbis") || p[off] != 1) {
            throw new AudioDecodeException(
                    Reason.UNSUPPORTED_FORMAT, "the ogg file's first stream is not Vorbis (" + head.trim() + ")");
        }
    }

    /** The next packet of the stream {@code serial}; false at the end of the data. */
    private static boolean nextPacket(
            Feeder feeder, SyncState sync, StreamState stream, Page page, Packet packet, int serial)
            throws AudioDecodeException {
        while (true) {
            int result = stream.packetout(packet);
            if (result == 1) {
                return true;
            }
            if (result < 0) {
                throw new AudioDecodeException(Reason.CORRUPT, "the ogg file has a gap in its packets");
            }
            if (!nextPage(feeder, sync, page)) {
                return false;
            }
            if (page.serialno() == serial) {
                if (stream.pagein(page) < 0) {
                    throw new AudioDecodeException(Reason.CORRUPT, "the ogg file has a page out of place");
                }
            }
        }
    }

    private static boolean nextPage(Feeder feeder, SyncState sync, Page page) throws AudioDecodeException {
        while (true) {
            int result = sync.pageout(page);
            if (result == 1) {
                return true;
            }
            if (result < 0) {
                throw new AudioDecodeException(Reason.CORRUPT, "the ogg file has a damaged page (bad checksum)");
            }
            if (!feeder.feed()) {
                return false;
            }
        }
    }

    /** Hands the data to the Ogg sync layer 16 KiB at a time, checking the time budget. */
    private static final class Feeder {
        private static final int STEP = 16 * 1024;
        private final ByteBuffer data;
        private final SyncState sync;
        private final BooleanSupplier cancelled;
        private final AudioLimits limits;
        private int pos;

        Feeder(ByteBuffer data, SyncState sync, BooleanSupplier cancelled, AudioLimits limits) {
            this.data = data;
            this.sync = sync;
            this.cancelled = cancelled;
            this.limits = limits;
        }

        boolean feed() throws AudioDecodeException {
            if (cancelled.getAsBoolean()) {
                throw MonoSink.timeout("ogg", limits);
            }
            if (pos >= data.remaining()) {
                return false;
            }
            int n = Math.min(STEP, data.remaining() - pos);
            int at = sync.buffer(n);
            data.get(pos, sync.data, at, n);
            sync.wrote(n);
            pos += n;
            return true;
        }
    }
}
