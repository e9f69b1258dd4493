package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * One unary decode, run on a decoding thread: header checks, the decode itself, mixing and resampling. Everything
 * that can go wrong ends as an {@link AudioDecodeException}. {@link #cancel()} (called from the waiting thread when
 * the time budget is spent) makes every further read of the input and every further block fail.
 */
final class DecodeJob {

    private static final System.Logger LOG = System.getLogger(DecodeJob.class.getName());

    /** Frames converted at a time. */
    static final int BLOCK = 8192;

    private final ByteBuffer data;
    private final AudioContainer format;
    private final boolean mimeTypeMismatch;
    private final AudioLimits limits;
    private volatile boolean cancelled;
    private final BooleanSupplier isCancelled = () -> cancelled;

    DecodeJob(ByteBuffer data, AudioContainer format, boolean mimeTypeMismatch, AudioLimits limits) {
        this.data = data;
        this.format = format;
        this.mimeTypeMismatch = mimeTypeMismatch;
        this.limits = limits;
    }

    void cancel() {
        cancelled = true;
    }

    DecodedAudio run() throws AudioDecodeException {
        String name = format.formatName();
        try {
            return decode();
        } catch (AudioDecodeException e) {
            if (cancelled && e.reason() != Reason.TIMEOUT) {
                throw MonoSink.timeout(name, limits);
            }
            throw e;
        } catch (InterruptedIOException e) {
            throw MonoSink.timeout(name, limits);
        } catch (IOException e) {
            if (cancelled) {
                throw MonoSink.timeout(name, limits);
            }
            throw new AudioDecodeException(
                    Reason.CORRUPT, "the " + name + " audio is truncated or corrupt: " + describe(e), e);
        } catch (OutOfMemoryError e) {
            throw new AudioDecodeException(
                    Reason.CORRUPT,
                    "decoding the " + name
                            + " audio needed more memory than is available (its data declares more than its size supports)",
                    e);
        } catch (RuntimeException | StackOverflowError | InternalError | LinkageError e) {
            if (cancelled) {
                throw MonoSink.timeout(name, limits);
            }
            LOG.log(System.Logger.Level.DEBUG, "audio decoder failed on malformed " + name + " data", e);
            throw new AudioDecodeException(
                    Reason.CORRUPT, "the " + name + " audio is corrupt: the decoder failed with " + describe(e), e);
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String name = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return name + ": " + message;
    }

    private void checkCancelled() throws AudioDecodeException {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw MonoSink.timeout(format.formatName(), limits);
        }
    }

    private DecodedAudio decode() throws IOException, AudioDecodeException {
        return switch (format) {
            case WAV, RF64 -> decodeWav();
            case FLAC -> FlacDecoding.decode(data, limits, isCancelled, mimeTypeMismatch);
            case MP3 -> Mp3Decoding.decode(data, limits, isCancelled, mimeTypeMismatch);
            case OGG -> VorbisDecoding.decode(data, limits, isCancelled, mimeTypeMismatch);
        };
    }

    private DecodedAudio decodeWav() throws AudioDecodeException {
        Wav wav = Wav.parse(data, limits);
        PcmFormat f = wav.format();
        String name = wav.container().formatName();
        MonoSink sink = new MonoSink(name, f.sampleRate(), wav.frames(), limits);
        float[] block = new float[(int) Math.min(wav.frames(), BLOCK)];
        int align = f.blockAlign();
        long done = 0;
        while (done < wav.frames()) {
            checkCancelled();
            int n = (int) Math.min(BLOCK, wav.frames() - done);
            f.toMono(data, (int) (wav.dataOffset() + done * align), n, block, 0);
            sink.accept(block, n);
            done += n;
        }
        return new DecodedAudio(
                sink.finishAudio(),
                wav.container(),
                f.sampleRate(),
                f.channels(),
                f.validBits(),
                wav.frames() * 1000 / f.sampleRate(),
                mimeTypeMismatch);
    }
}
