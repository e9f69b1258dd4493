package io.crossmodal.audio.tts;

import io.crossmodal.audio.MonoAudio;
import java.time.Duration;
import java.util.Objects;

/**
 * What a synthesizer produced.
 *
 * @param audio       the speech at the voice's own rate (32 kHz for Festival's cmu_us_slt_arctic_hts, 22.05 kHz for
 *                    espeak-ng); resampling to the rate a client asked for is the caller's job
 * @param voice       the voice that spoke, as {@link Voice#name()}
 * @param synthesizer the synthesizer that ran, as {@link SpeechSynthesizer#name()}
 * @param elapsed     wall-clock time from the program's start to its WAV being read (waiting for a slot excluded)
 */
public record Synthesis(MonoAudio audio, String voice, String synthesizer, Duration elapsed) {

    public Synthesis {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(synthesizer, "synthesizer");
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
