/**
 * Voice activity: the Silero model behind a dynamic batcher whose rows are independent streams, each carrying its own
 * recurrent state from one window to the next, and the segmentation that turns per-window speech probabilities into
 * speech segments with the reference algorithm's hysteresis, minimum durations and padding, incrementally for audio
 * that arrives in chunks and in one pass for a whole clip, with identical segments either way. Segments are what the
 * embedder pools over and what the recogniser runs on, so they are decided here once. Plain Java on DJL and
 * model-runtime (with service-kit's {@code RequestScope}): no gRPC, proto or Quarkus types, and the segmentation is a
 * pure function of the probabilities, tested without a model.
 */
package io.crossmodal.audio.vad;
