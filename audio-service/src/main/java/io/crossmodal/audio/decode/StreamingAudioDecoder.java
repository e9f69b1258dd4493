package io.crossmodal.audio.decode;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes audio that arrives in chunks (client-streamed transcription) to 16 kHz mono, as it arrives.
 *
 * <p>Two kinds of stream, named by the MIME type given at construction:
 * <ul>
 *   <li>{@code audio/wav} (also {@code audio/x-wav}, {@code audio/wave}, {@code audio/vnd.wave}): a RIFF/WAVE or
 *       RF64 file whose header may be split across any number of chunks. The same codecs as the unary decoder (PCM
 *       8/16/24/32-bit, IEEE float 32/64, A-law, mu-law, WAVE_FORMAT_EXTENSIBLE), any channel count (mixed by
 *       averaging) and rate (resampled). The {@code fmt } chunk must come before the data; other chunks before the
 *       data are skipped without being buffered; whatever follows the data chunk is ignored. A data size of 0 or
 *       {@code 0xFFFFFFFF} (RF64: a ds64 data size of 0) means "until the stream ends", as streaming writers that
 *       cannot seek back write it; a stream that ends before its declared data size is accepted (the client stopped).
 *   <li>{@code audio/l16} with optional {@code rate=N} (default 16000) and {@code channels=N} (default 1)
 *       parameters: raw 16-bit signed <em>little-endian</em> PCM, as the proto's {@code StreamingTranscribeConfig}
 *       defines it (RFC 2586's L16 is big-endian; this one is not).
 * </ul>
 *
 * <p>{@link #accept} returns the 16 kHz samples that became available with a chunk (a frame split across chunks is
 * completed by the next one; the resampler keeps its state, so its latency is a few milliseconds); {@link #finish}
 * returns the rest. The outputs of all calls, concatenated, are exactly the samples {@link AudioDecoder#decode} gives
 * for the whole file, however it was split (same conversion, same resampler code). The limits are enforced as data
 * arrives: {@link AudioLimits#maxBytes()} on the bytes received so far ({@code TOO_LARGE_BYTES}), the duration on the
 * frames received so far ({@code TOO_LONG}), channels and rate when the header is read ({@code UNSUPPORTED_FORMAT}).
 * A failed decoder rethrows its failure on every later call. Memory: the resampler's window, at most 64 KiB of header,
 * and the samples of one chunk. Not thread-safe: one per stream.
 */
public final class StreamingAudioDecoder {

    /** Largest {@code fmt } or {@code ds64} chunk accepted in a stream. */
    static final int MAX_HEADER_CHUNK = 64 * 1024;

    private enum State {
        RIFF_HEADER,
        CHUNK_HEADER,
        CHUNK_BODY,
        SKIP,
        DATA,
        DONE
    }

    private final AudioLimits limits;
    private final boolean wav;
    private State state;
    private String formatName;
    private PcmFormat format;
    private MonoSink sink;
    private long bytesReceived;

    /** Header bytes collected for the current structure (RIFF header, chunk header, fmt/ds64 body). */
    private byte[] header = new byte[12];

    private int headerFill;
    private int headerNeed;
    private String chunkId;
    private long skipRemaining;
    private long ds64DataSize = -1;
    private boolean rf64;
    private boolean firstChunk = true;
    /** Data bytes still expected; -1 = until the stream ends. */
    private long dataRemaining = -1;
    /** A frame split across chunks. */
    private byte[] partial = new byte[0];

    private int partialFill;
    private float[] block = new float[0];
    private AudioDecodeException failure;
    private boolean finished;

    /**
     * @param mimeType "audio/wav" (or an alias) or "audio/l16[;rate=N][;channels=N]"
     * @throws AudioDecodeException UNSUPPORTED_FORMAT for any other type, or an L16 rate or channel count outside the
     *                              limits
     */
    public StreamingAudioDecoder(String mimeType, AudioLimits limits) throws AudioDecodeException {
        this.limits = Objects.requireNonNull(limits, "limits");
        String bare = AudioContainer.bareMimeType(mimeType);
        if (AudioContainer.WAV.mimeTypes().contains(bare)
                || AudioContainer.RF64.mimeTypes().contains(bare)) {
            wav = true;
            state = State.RIFF_HEADER;
            headerNeed = 12;
            formatName = "wav";
        } else if (bare.equals("audio/l16")) {
            wav = false;
            int rate = parameter(mimeType, "rate", MonoAudio.MODEL_RATE);
            int channels = parameter(mimeType, "channels", 1);
            limits.checkShape("l16", channels, rate);
            start(new PcmFormat(PcmFormat.Encoding.PCM, channels, rate, 16, 16, false), "l16");
            dataRemaining = -1;
        } else {
            throw new AudioDecodeException(
                    Reason.UNSUPPORTED_FORMAT,
                    "streamed audio must be \"audio/wav\" or"
                            + " \"audio/l16;rate=N\" (16-bit little-endian PCM), not \""
                            + (mimeType == null ? "" : mimeType) + "\"");
        }
    }

    /** With the default limits. */
    public StreamingAudioDecoder(String mimeType) throws AudioDecodeException {
        this(mimeType, AudioLimits.defaults());
    }

    private static int parameter(String mimeType, String name, int fallback) throws AudioDecodeException {
        String[] parts = mimeType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(name)) {
                String value = p.substring(eq + 1).trim().replace("\"", "");
                try {
                    return Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new AudioDecodeException(
                            Reason.UNSUPPORTED_FORMAT,
                            "the MIME type's " + name + " parameter is not a number: \"" + value + "\"");
                }
            }
        }
        return fallback;
    }

    private void start(PcmFormat f, String name) {
        this.format = f;
        this.formatName = name;
        this.sink = new MonoSink(name, f.sampleRate(), -1, limits);
        this.partial = new byte[f.blockAlign()];
        this.state = State.DATA;
    }

    /** "wav", "rf64" or "l16". For WAV streams, "wav" until an RF64 header has been seen. */
    public String formatName() {
        return formatName;
    }

    /** True once the header has been read (always for L16): the input's rate, channels and bits are known. */
    public boolean headerComplete() {
        return format != null;
    }

    /** The input's sample rate, 0 until the header has been read. */
    public int sampleRateHz() {
        return format == null ? 0 : format.sampleRate();
    }

    /** The input's channels, 0 until the header has been read. */
    public int channels() {
        return format == null ? 0 : format.channels();
    }

    /** The input's bits per sample (as {@link DecodedAudio#bitsPerSample()}), 0 until the header has been read. */
    public int bitsPerSample() {
        return format == null ? 0 : format.validBits();
    }

    /** Duration of the audio received so far, in milliseconds. */
    public long durationMillis() {
        return sink == null ? 0 : sink.frames() * 1000 / sink.inputRate();
    }

    /** Bytes received so far. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * Takes the next chunk (its remaining bytes; the buffer is not moved) and returns the 16 kHz mono samples that
     * became available, maybe none.
     */
    public float[] accept(ByteBuffer chunk) throws AudioDecodeException {
        check();
        try {
            if (chunk == null || !chunk.hasRemaining()) {
                return new float[0];
            }
            bytesReceived += chunk.remaining();
            if (bytesReceived > limits.maxBytes()) {
                throw new AudioDecodeException(
                        Reason.TOO_LARGE_BYTES,
                        "the streamed audio has more than " + limits.maxBytes() + " bytes, the limit");
            }
            ByteBuffer b = chunk.slice().order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                switch (state) {
                    case RIFF_HEADER, CHUNK_HEADER, CHUNK_BODY -> {
                        if (fillHeader(b)) {
                            headerComplete(state);
                        }
                    }
                    case SKIP -> {
                        int n = (int) Math.min(skipRemaining, b.remaining());
                        b.position(b.position() + n);
                        skipRemaining -= n;
                        if (skipRemaining == 0) {
                            expectChunkHeader();
                        }
                    }
                    case DATA -> data(b);
                    case DONE -> b.position(b.limit());
                }
            }
            return sink == null ? new float[0] : sink.drain();
        } catch (AudioDecodeException e) {
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failure = new AudioDecodeException(
                    Reason.CORRUPT, "the streamed " + formatName + " audio is corrupt: " + DecodeJob.describe(e), e);
            throw failure;
        }
    }

    /** {@link #accept(ByteBuffer)} of a byte array. */
    public float[] accept(byte[] chunk) throws AudioDecodeException {
        return accept(chunk == null ? null : ByteBuffer.wrap(chunk));
    }

    /**
     * Ends the stream and returns the last samples (the resampler's tail). A partial final frame is dropped.
     *
     * @throws AudioDecodeException EMPTY when no byte arrived (or, for WAV, no audio byte), CORRUPT when the stream
     *                              ended inside the WAV header
     */
    public float[] finish() throws AudioDecodeException {
        check();
        finished = true;
        if (sink == null) {
            failure = bytesReceived == 0
                    ? new AudioDecodeException(Reason.EMPTY, "the audio stream ended before any byte arrived")
                    : new AudioDecodeException(
                            Reason.CORRUPT,
                            "the audio stream ended inside its WAV header, after " + bytesReceived + " bytes");
            throw failure;
        }
        if (sink.frames() == 0 && bytesReceived == 0) {
            failure = new AudioDecodeException(Reason.EMPTY, "the audio stream ended before any byte arrived");
            throw failure;
        }
        return sink.finish();
    }

    private void check() throws AudioDecodeException {
        if (failure != null) {
            throw failure;
        }
        if (finished) {
            throw new IllegalStateException("the stream was finished");
        }
    }

    private boolean fillHeader(ByteBuffer b) {
        int n = Math.min(headerNeed - headerFill, b.remaining());
        b.get(header, headerFill, n);
        headerFill += n;
        return headerFill == headerNeed;
    }

    private void expectChunkHeader() {
        state = State.CHUNK_HEADER;
        headerNeed = 8;
        headerFill = 0;
    }

    private void headerComplete(State which) throws AudioDecodeException {
        ByteBuffer h = ByteBuffer.wrap(header, 0, headerNeed).slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (which) {
            case RIFF_HEADER -> {
                rf64 = AudioContainer.startsWith(h, 0, "RF64") || AudioContainer.startsWith(h, 0, "BW64");
                if (!(rf64 || AudioContainer.startsWith(h, 0, "RIFF")) || !AudioContainer.startsWith(h, 8, "WAVE")) {
                    String looks = AudioContainer.sniff(h)
                            .map(f -> "it looks like " + f.formatName())
                            .or(() -> AudioContainer.recogniseUnsupported(h).map(s -> "it looks like " + s))
                            .orElse("its first bytes are not a RIFF/WAVE header");
                    throw new AudioDecodeException(
                            Reason.UNSUPPORTED_FORMAT, "the stream was declared as WAV, but " + looks);
                }
                if (rf64) {
                    formatName = "rf64";
                }
                expectChunkHeader();
            }
            case CHUNK_HEADER -> {
                chunkId = AudioContainer.ascii(h, 0, 4);
                long size = h.getInt(4) & 0xffffffffL;
                if (rf64 && firstChunk && !chunkId.equals("ds64")) {
                    throw new AudioDecodeException(Reason.CORRUPT, "the rf64 stream does not start with a ds64 chunk");
                }
                firstChunk = false;
                if (chunkId.equals("ds64") || (chunkId.equals("fmt ") && format == null)) {
                    if (size > MAX_HEADER_CHUNK || (chunkId.equals("ds64") && size < 28)) {
                        throw new AudioDecodeException(
                                Reason.CORRUPT,
                                "the " + formatName + " stream's '" + chunkId + "' chunk declares " + size + " bytes");
                    }
                    header = new byte[(int) size + (int) (size & 1)];
                    headerNeed = header.length;
                    headerFill = 0;
                    state = State.CHUNK_BODY;
                    if (headerNeed == 0) {
                        headerComplete(State.CHUNK_BODY);
                    }
                } else if (chunkId.equals("data")) {
                    if (format == null) {
                        throw new AudioDecodeException(
                                Reason.CORRUPT,
                                "the " + formatName + " stream's data chunk comes before its fmt chunk");
                    }
                    long declared = rf64 && size == 0xFFFFFFFFL ? ds64DataSize : size;
                    boolean open = declared == 0 || (!rf64 && size == 0xFFFFFFFFL) || declared < 0;
                    dataRemaining = open ? -1 : declared;
                    start(format, formatName);
                } else {
                    skipRemaining = size + (size & 1);
                    state = State.SKIP;
                    if (skipRemaining == 0) {
                        expectChunkHeader();
                    }
                }
                if (state == State.CHUNK_HEADER || state == State.SKIP) {
                    header = header.length >= 12 ? header : new byte[12];
                }
            }
            case CHUNK_BODY -> {
                if (chunkId.equals("ds64")) {
                    ds64DataSize = h.getLong(8);
                } else {
                    format = PcmFormat.parseFmt(h, formatName, limits);
                }
                header = new byte[12];
                expectChunkHeader();
            }
            default -> throw new IllegalStateException(which.toString());
        }
    }

    private void data(ByteBuffer b) throws AudioDecodeException {
        int align = format.blockAlign();
        int available = b.remaining();
        if (dataRemaining >= 0 && dataRemaining < available) {
            available = (int) dataRemaining;
        }
        int used = 0;
        // Complete a frame split across chunks.
        if (partialFill > 0) {
            int n = Math.min(align - partialFill, available);
            b.get(partial, partialFill, n);
            partialFill += n;
            used += n;
            if (partialFill == align) {
                float[] one = new float[1];
                format.toMono(ByteBuffer.wrap(partial), 0, 1, one, 0);
                sink.accept(one, 1);
                partialFill = 0;
            }
        }
        int frames = (available - used) / align;
        if (frames > 0) {
            if (block.length < Math.min(frames, DecodeJob.BLOCK)) {
                block = new float[Math.min(Math.max(frames, 1024), DecodeJob.BLOCK)];
            }
            int base = b.position();
            int done = 0;
            while (done < frames) {
                int n = Math.min(block.length, frames - done);
                format.toMono(b, base + done * align, n, block, 0);
                sink.accept(block, n);
                done += n;
            }
            b.position(base + frames * align);
            used += frames * align;
        }
        int rest = available - used;
        if (rest > 0) {
            b.get(partial, 0, rest);
            partialFill = rest;
            used += rest;
        }
        if (dataRemaining >= 0) {
            dataRemaining -= used;
            if (dataRemaining == 0) {
                state = State.DONE;
            }
        }
    }
}
