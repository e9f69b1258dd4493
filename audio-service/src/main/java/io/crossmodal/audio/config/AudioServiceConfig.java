package io.crossmodal.audio.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

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
}
