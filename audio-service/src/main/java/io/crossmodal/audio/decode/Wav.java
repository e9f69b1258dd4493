package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The chunk structure of a whole RIFF/WAVE, RF64 or BW64 file, parsed by hand.
 *
 * <p>Rules: the 12-byte header ({@code RIFF|RF64|BW64}, size, {@code WAVE}); RF64/BW64 must start with a
 * {@code ds64} chunk (at least 28 bytes: RIFF size, data size, sample count, table length) whose data size replaces
 * a data chunk size of {@code 0xFFFFFFFF}; then chunks of an id, a 32-bit little-endian size and the body, padded to
 * an even length. The first {@code fmt } and the first {@code data} chunk are used, every other chunk is skipped by
 * its size. The RIFF size is not used (writers often get it wrong); the chunk sizes are. A chunk before the data
 * chunk that runs past the end of the file is CORRUPT; a data chunk larger than the file is CORRUPT (truncated),
 * except that a RIFF data size of {@code 0xFFFFFFFF} (the placeholder of writers that cannot seek back) means "to the
 * end of the file"; a missing pad byte at the very end is accepted. A final partial frame (fewer bytes than one frame
 * of every channel) is dropped. Whatever follows the data chunk once the fmt chunk has been seen is ignored.
 *
 * @param container  WAV or RF64
 * @param format     the fmt chunk
 * @param dataOffset where the samples start, from the start of the file
 * @param frames     whole frames of data
 */
record Wav(AudioContainer container, PcmFormat format, int dataOffset, long frames) {

    private static final long UNKNOWN = -1;
    private static final long PLACEHOLDER = 0xFFFFFFFFL;

    /** Parses the headers and checks the limits (channels, rate, duration) before any sample is touched. */
    static Wav parse(ByteBuffer data, AudioLimits limits) throws AudioDecodeException {
        ByteBuffer b = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        long length = b.remaining();
        boolean rf64 = AudioContainer.startsWith(b, 0, "RF64") || AudioContainer.startsWith(b, 0, "BW64");
        AudioContainer container = rf64 ? AudioContainer.RF64 : AudioContainer.WAV;
        String name = container.formatName();
        if (length < 12) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the " + name + " file is truncated: " + length + " bytes, shorter than its 12-byte header");
        }
        long pos = 12;
        long ds64DataSize = UNKNOWN;
        if (rf64) {
            if (pos + 8 > length || !AudioContainer.startsWith(b, (int) pos, "ds64")) {
                throw new AudioDecodeException(Reason.CORRUPT, "the rf64 file does not start with a ds64 chunk");
            }
            long size = u32(b, pos + 4);
            if (size < 28 || pos + 8 + size > length) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the rf64 file's ds64 chunk declares " + size + " bytes"
                                + (size < 28 ? ", fewer than the 28 it needs" : ", past the end of the file"));
            }
            ds64DataSize = b.getLong((int) pos + 8 + 8);
            pos += 8 + size + (size & 1);
        }
        PcmFormat format = null;
        long dataOffset = UNKNOWN;
        long dataSize = UNKNOWN;
        int chunk = 0;
        while (pos + 8 <= length) {
            String id = AudioContainer.ascii(b, (int) pos, 4);
            long size = u32(b, pos + 4);
            long bodyStart = pos + 8;
            if (id.equals("data") && dataOffset == UNKNOWN) {
                dataOffset = bodyStart;
                if (rf64 && size == PLACEHOLDER) {
                    dataSize = ds64DataSize;
                } else if (!rf64 && size == PLACEHOLDER) {
                    dataSize = length - bodyStart; // a streaming writer's placeholder: to the end of the file
                } else {
                    dataSize = size;
                }
                if (format != null) {
                    break;
                }
                // The fmt chunk comes after the data: walk on, which needs the data to be complete.
                if (Long.compareUnsigned(dataSize, length - bodyStart) > 0) {
                    throw new AudioDecodeException(
                            Reason.CORRUPT,
                            "the " + name
                                    + " file has no fmt chunk before its data, and its data chunk runs past the end of the file");
                }
                size = dataSize;
            } else if (id.equals("fmt ") && format == null) {
                if (bodyStart + size > length) {
                    throw new AudioDecodeException(
                            Reason.CORRUPT,
                            "the " + name + " file is truncated: its fmt chunk" + " declares " + size
                                    + " bytes past the end of the file");
                }
                format = PcmFormat.parseFmt(b.slice((int) bodyStart, (int) size), name, limits);
                if (dataOffset != UNKNOWN) {
                    break;
                }
            } else if (bodyStart + size > length) {
                throw new AudioDecodeException(
                        Reason.CORRUPT,
                        "the " + name + " file is truncated or corrupt: chunk "
                                + chunk + " ('" + id + "') at offset " + pos + " declares " + size
                                + " bytes past the end of the file");
            }
            pos = bodyStart + size + (size & 1);
            chunk++;
        }
        if (format == null) {
            throw new AudioDecodeException(Reason.CORRUPT, "the " + name + " file has no fmt chunk");
        }
        if (dataOffset == UNKNOWN) {
            throw new AudioDecodeException(Reason.CORRUPT, "the " + name + " file has no data chunk");
        }
        int blockAlign = format.blockAlign();
        // Duration from the declared data size, before anything else: a lying header stops here.
        long frames = Long.divideUnsigned(dataSize, blockAlign);
        limits.checkFrames(
                name,
                frames < 0 ? -1 : frames,
                format.sampleRate(),
                "its header declares " + Long.toUnsignedString(dataSize) + " bytes of data");
        long available = length - dataOffset;
        if (Long.compareUnsigned(dataSize, available) > 0) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "the " + name + " file is truncated: its data chunk"
                            + " declares " + Long.toUnsignedString(dataSize) + " bytes, the file has " + available
                            + " after the chunk header");
        }
        return new Wav(container, format, (int) dataOffset, frames);
    }

    static long u32(ByteBuffer b, long pos) {
        return b.getInt((int) pos) & 0xffffffffL;
    }
}
