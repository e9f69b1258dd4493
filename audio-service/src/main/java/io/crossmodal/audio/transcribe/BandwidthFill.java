package io.crossmodal.audio.transcribe;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.decode.Resampler;
import java.util.Random;

/**
 * Fills the empty upper band of narrow-band audio with low, fixed noise before recognition.
 *
 * <p>Why: the recogniser's acoustic model (PocketSphinx en-us) was trained on 16 kHz audio and its mel filters reach
 * 6.8 kHz. Audio recorded at 8 kHz and resampled to 16 kHz has nothing above 4 kHz, so those filters see
 * near-zero energy, their logarithms dive, and the cepstra no longer look like speech: measured on Festival's "please
 * remember to buy fresh bread and milk on your way home" rendered at 8 kHz, the recogniser heard "one". With the band
 * above the input's Nyquist frequency filled with noise at -50 dBFS it hears the sentence exactly (11.025 kHz: "...
 * your way around" -> exact); the same noise over the whole band would have changed 16 kHz results, so only the
 * empty band is filled. The noise is seeded, so a clip always gives the same transcript.
 */
public final class BandwidthFill {

    /** Standard deviation of the noise before band-limiting (about -50 dBFS). */
    static final double LEVEL = 3e-3;
    private static final long SEED = 0x5eed_ba5eL;

    private BandwidthFill() {}

    /**
     * @param audio16k     the audio at 16 kHz
     * @param originalRate the rate the audio was recorded at
     * @return {@code audio16k} itself when {@code originalRate >= 16000}, else a copy with the band above
     *     {@code originalRate / 2} filled
     */
    public static MonoAudio fill(MonoAudio audio16k, int originalRate) {
        if (originalRate >= MonoAudio.MODEL_RATE || audio16k.samples().length == 0) {
            return audio16k;
        }
        Random random = new Random(SEED);
        float[] noise = new float[audio16k.samples().length];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (LEVEL * random.nextGaussian());
        }
        // the noise's own lower band, through the same band-limited resampler the audio went through
        Resampler resampler = Resampler.get();
        float[] low = resampler.resample(resampler.resample(new MonoAudio(noise, MonoAudio.MODEL_RATE), originalRate),
                MonoAudio.MODEL_RATE).samples();
        float[] out = audio16k.samples().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += noise[i] - (i < low.length ? low[i] : 0f);
        }
        return new MonoAudio(out, MonoAudio.MODEL_RATE);
    }
}
