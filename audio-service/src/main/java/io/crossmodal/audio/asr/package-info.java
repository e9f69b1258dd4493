/**
 * Speech recognition: 16 kHz mono audio in, words with timings and confidences out, for whole clips and for audio
 * that arrives in chunks.
 *
 * <p>Plain Java (no gRPC or Quarkus types; its exceptions are service-kit {@code ServiceException}s). {@link io.crossmodal.audio.asr.SpeechRecognizer} is the interface the
 * service codes against; {@link io.crossmodal.audio.asr.PocketSphinxRecognizer} is the default implementation,
 * CMU PocketSphinx 5prealpha through JNA with the Debian US English model. {@link
 * io.crossmodal.audio.asr.WordErrorRate} measures transcripts against references.
 *
 * <h2>Errors (each exception carries its kind; gRPC callers see the status service-kit's mapping gives it)</h2>
 *
 * <ul>
 *   <li>{@link io.crossmodal.audio.asr.RecognizerBusyException}: every decoder stayed busy for the configured wait;
 *       an overload, {@code RESOURCE_EXHAUSTED} with {@code RetryInfo} (reason {@code RECOGNIZER_BUSY});
 *   <li>{@link io.crossmodal.audio.asr.RecognizerNotInstalledException}: library or model file missing, at open;
 *       {@code UNIMPLEMENTED} (reason {@code MODEL_NOT_INSTALLED});
 *   <li>{@link IllegalArgumentException}: audio not at 16 kHz; the service resamples first, so this is a bug in
 *       the caller ({@code INTERNAL});
 *   <li>{@link io.crossmodal.audio.asr.SpeechRecognitionException}: the engine failed; {@code INTERNAL}.
 * </ul>
 *
 * <p>Native setup, configuration keys, thread model and measurements: audio-service/ASR.md.
 */
package io.crossmodal.audio.asr;
