/**
 * The audio service's settings ({@code crossmodal.audio.*}: where the model repository is and which models to serve,
 * the decoder's byte, duration, time and thread limits, clips per call, warm-up, and the recogniser's and synthesizers'
 * {@code asr.*} and {@code tts.*} keys), checked as a whole at start-up so that a bad value stops the start with a
 * message naming the bad keys; every key is documented in audio-service/README.md. The recogniser and the synthesizers
 * receive plain typed values, so {@code io.crossmodal.audio.asr} and {@code io.crossmodal.audio.tts} stay free of
 * Quarkus types. It may use SmallRye Config, Bean Validation and the settings types of the service's own domain
 * packages, never gRPC or the proto messages, so the settings have one home that the model holder and the gRPC front
 * share.
 */
package io.crossmodal.audio.config;
