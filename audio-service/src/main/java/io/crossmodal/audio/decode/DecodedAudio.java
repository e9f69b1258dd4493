package io.crossmodal.audio.decode;

import io.crossmodal.audio.MonoAudio;
import java.util.Objects;

/**
 * Decoded audio, ready for the models: mono at 16 kHz, plus what the input was (the fields of the proto's
 * {@code AudioInfo}).
 *
 * @param audio            the samples, mono (the mean of the input's channels), {@link MonoAudio#MODEL_RATE} Hz, in
 *                         [-1, 1]
 * @param format           the sniffed format
 * @param sampleRateHz     the input's sample rate, before resampling
 * @param channels         the input's channels, before mixing to mono
 * @param bitsPerSample    the input's bits per sample: 8/16/24/32 for PCM (WAVE_FORMAT_EXTENSIBLE's valid bits when
 *                         smaller than the container), 32 or 64 for IEEE float, 8 for A-law/mu-law, FLAC's sample
 *                         size; 0 for MP3 and Ogg Vorbis, which have no bit depth
 * @param durationMillis   the input's duration in milliseconds (its frames / its rate, rounded down)
 * @param mimeTypeMismatch true when the client's MIME type named another format than the bytes (or was not an audio
 *                         type the decoder knows); an empty MIME type is no mismatch. Informative only: the bytes win.
 */
public record DecodedAudio(
        MonoAudio audio,
        AudioContainer format,
        int sampleRateHz,
        int channels,
        int bitsPerSample,
        long durationMillis,
        boolean mimeTypeMismatch) {

    public DecodedAudio {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(format, "format");
        if (audio.sampleRate() != MonoAudio.MODEL_RATE) {
            throw new IllegalArgumentException(
                    "decoded audio must be at " + MonoAudio.MODEL_RATE + " Hz, was " + audio.sampleRate());
        }
    }

    /** The lower-case format name ("wav", "rf64", "flac", "mp3", "ogg"), as {@code AudioInfo.format}. */
    public String formatName() {
        return format.formatName();
    }

    @Override
    public String toString() {
        return "DecodedAudio[" + format.formatName() + " " + sampleRateHz + " Hz, " + channels + " ch, "
                + bitsPerSample + " bits, " + durationMillis + " ms -> " + audio.samples().length + " samples at "
                + audio.sampleRate() + " Hz" + (mimeTypeMismatch ? ", MIME type mismatch" : "") + "]";
    }
}
