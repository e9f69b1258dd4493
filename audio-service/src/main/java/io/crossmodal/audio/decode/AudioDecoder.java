package io.crossmodal.audio.decode;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import io.crossmodal.servicekit.exec.TimeBoundedExecutor;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Decodes untrusted audio bytes (WAV, RF64, FLAC, MP3, Ogg Vorbis) into a {@link DecodedAudio}: mono (the mean of
 * the channels), resampled to 16 kHz by {@link Resampler}; or refuses them with an {@link AudioDecodeException}; no
 * other exception, no hang, no allocation the limits did not allow.
 *
 * <p>In order: empty input and input over {@link AudioLimits#maxBytes()} are refused at once; the format is sniffed
 * from the magic bytes (the MIME type is only a hint); the decode then runs on one of a fixed number of decoding
 * threads, where the header is parsed first and audio over {@link AudioLimits#maxDuration()}, with too many channels
 * or an unsupported rate is refused before any sample is decoded (for formats whose header does not say how long
 * they are, as soon as the decoded length crosses the limit). The calling thread waits at most
 * {@link AudioLimits#timeout()} for a thread to become free and at most that long again for the decode itself; when
 * the budget is spent every further read of the input fails, the decode loop stops and the thread is interrupted.
 *
 * <p>Thread-safe; one instance is meant to be shared by the whole service. {@link #close()} stops its threads.
 */
public final class AudioDecoder implements AutoCloseable {

    private final AudioLimits limits;
    private final TimeBoundedExecutor executor;
    private final int threads;

    /** Default limits, one decoding thread per core, a queue of four waiting decodes per thread. */
    public AudioDecoder() {
        this(AudioLimits.defaults());
    }

    /** One decoding thread per core, a queue of four waiting decodes per thread. */
    public AudioDecoder(AudioLimits limits) {
        this(
                limits,
                Runtime.getRuntime().availableProcessors(),
                4 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param limits        bytes, duration, channels, rates and time budget of each decode
     * @param threads       decodes that run at once (each holds its input, the 16 kHz output, at most
     *                      {@code 4 x 16000 x maxDuration} bytes = 38.4 MB with the defaults, and small work buffers)
     * @param queueCapacity decodes that may wait for a thread; beyond it {@link Reason#BUSY} at once
     */
    public AudioDecoder(AudioLimits limits, int threads, int queueCapacity) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.threads = threads;
        this.executor = new TimeBoundedExecutor("audio decoding", "clips", threads, queueCapacity);
    }

    public AudioLimits limits() {
        return limits;
    }

    /** Decoding threads. */
    public int threads() {
        return threads;
    }

    /** Decodes {@code data}; {@code mimeType} (may be null or empty) is a hint only. */
    public DecodedAudio decode(byte[] data, String mimeType) throws AudioDecodeException {
        if (data == null) {
            throw new AudioDecodeException(Reason.EMPTY, "no audio data");
        }
        return decode(ByteBuffer.wrap(data), mimeType);
    }

    /**
     * Decodes the remaining bytes of {@code data} (not moved, not copied, never written: a read-only view of a
     * protobuf {@code ByteString} works); {@code mimeType} (may be null or empty) is a hint only.
     */
    public DecodedAudio decode(ByteBuffer data, String mimeType) throws AudioDecodeException {
        if (data == null || !data.hasRemaining()) {
            throw new AudioDecodeException(Reason.EMPTY, "the audio is empty (0 bytes)");
        }
        if (data.remaining() > limits.maxBytes()) {
            throw new AudioDecodeException(
                    Reason.TOO_LARGE_BYTES,
                    "the audio has " + data.remaining() + " bytes, more than the limit of " + limits.maxBytes());
        }
        AudioContainer format = AudioContainer.sniff(data).orElseThrow(() -> unsupported(data, mimeType));
        boolean mismatch = !AudioContainer.mimeTypeMatches(format, mimeType);

        DecodeJob job = new DecodeJob(data.slice(), format, mismatch, limits);
        try {
            return executor.call(job::run, job::cancel, limits.timeout());
        } catch (TimeBoundedExecutor.BusyException e) {
            throw new AudioDecodeException(Reason.BUSY, "Audio decoding is at capacity: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw MonoSink.timeout(format.formatName(), limits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AudioDecodeException(Reason.CANCELLED, "interrupted while decoding the audio", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AudioDecodeException decodeException) {
                throw decodeException;
            }
            throw new AudioDecodeException(
                    Reason.CORRUPT, "the " + format.formatName() + " audio could not be decoded: " + cause, cause);
        }
    }

    /**
     * A decoder for audio that arrives in chunks (client-streamed transcription), with this decoder's limits; see
     * {@link StreamingAudioDecoder}.
     */
    public StreamingAudioDecoder openStream(String mimeType) throws AudioDecodeException {
        return new StreamingAudioDecoder(mimeType, limits);
    }

    private static AudioDecodeException unsupported(ByteBuffer data, String mimeType) {
        String known = AudioContainer.recogniseUnsupported(data)
                .map(name -> "it looks like " + name + ", which")
                .orElse("its first bytes match no supported format; it");
        String hint = mimeType == null || mimeType.isBlank() ? "" : " (declared MIME type \"" + mimeType + "\")";
        return new AudioDecodeException(
                Reason.UNSUPPORTED_FORMAT,
                "the audio format is not supported" + hint + ": " + known
                        + " is not one of WAV, RF64, FLAC, MP3, Ogg Vorbis");
    }

    /** Stops the decoding threads; decodes still running are interrupted. */
    @Override
    public void close() {
        executor.close();
    }
}
