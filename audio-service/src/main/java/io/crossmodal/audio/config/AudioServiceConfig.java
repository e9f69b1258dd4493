package io.crossmodal.audio.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** Settings of the audio service; every key is documented in audio-service/README.md. */
@ConfigMapping(prefix = "crossmodal.audio")
public interface AudioServiceConfig {

    /** Root of the prepared model repository (read only). */
    @WithDefault("model-repository")
    String modelRepository();

    /** Voice-activity model, by name in the repository (newest prepared version). */
    @WithDefault("silero-vad")
    String vadModel();

    /** Speech-embedding model, by name in the repository (newest prepared version). */
    @WithDefault("openwakeword-embedding")
    String embeddingModel();

    /** Largest encoded audio accepted, in bytes; checked before anything is parsed. */
    @Min(1)
    @WithDefault("33554432")
    long maxAudioBytes();

    /** Longest audio accepted, read from the header before decoding where the format tells it. */
    @WithDefault("600s")
    Duration maxAudioDuration();

    /** Longest a single decode may take before it is aborted. */
    @WithDefault("10s")
    Duration decodeTimeout();

    /** Threads that decode audio. */
    @Min(1)
    @WithDefault("2")
    int decodeThreads();

    /** Most clips one EmbedAudio call may carry. */
    @Min(1)
    @WithDefault("16")
    int maxClipsPerCall();

    /** Run a short clip through every model before reporting SERVING. */
    @WithDefault("true")
    boolean warmUp();

    /**
     * The recogniser's keys, {@code crossmodal.audio.asr.*}. Declared here so that Quarkus knows them (it refuses
     * unknown keys under {@code crossmodal.audio}, typos included); their values are read, defaulted and checked by
     * {@link io.crossmodal.audio.asr.PocketSphinxConfig#fromConfig}, so they stay strings here.
     */
    Asr asr();

    /**
     * The synthesizers' keys, {@code crossmodal.audio.tts.*}; read, defaulted and checked by
     * {@link io.crossmodal.audio.tts.SynthesisSettings#fromConfig} (see {@link #asr()}).
     */
    Tts tts();

    /** {@code crossmodal.audio.asr.*}, documented in audio-service/README.md and ASR.md. */
    interface Asr {
        Optional<String> library();

        Optional<String> hmm();

        Optional<String> lm();

        Optional<String> dict();

        Optional<String> decoderArgs();

        Optional<String> poolSize();

        Optional<String> acquireTimeoutMs();

        Optional<String> nativeLog();

        Optional<String> name();

        Optional<String> version();

        Optional<String> languages();
    }

    /** {@code crossmodal.audio.tts.*}, documented in audio-service/README.md and SYNTHESIS.md. */
    interface Tts {
        Optional<String> maxTextChars();

        Optional<String> timeout();

        Optional<String> maxOutputBytes();

        Optional<String> maxConcurrent();

        Optional<String> queueTimeout();

        Optional<String> tempDir();

        Festival festival();

        Espeak espeak();

        /** {@code crossmodal.audio.tts.festival.*}. */
        interface Festival {
            Optional<String> enabled();

            Optional<String> program();

            Optional<String> voicesDir();

            Optional<String> defaultVoice();
        }

        /** {@code crossmodal.audio.tts.espeak.*}. */
        interface Espeak {
            Optional<String> enabled();

            Optional<String> program();
        }
    }
}
