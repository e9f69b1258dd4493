/**
 * Speech embeddings: the openWakeWord feature models (a mel spectrogram, then one vector per sliding window) run over a
 * whole clip behind the model's batcher, then pooled into one L2-normalised vector per clip over its speech segments
 * (over all windows when no speech is given) and optionally one per segment, in the model's own space, which is not
 * comparable with text or image vectors. The windows follow openWakeWord's own feature pipeline step for step. It
 * builds on {@code io.crossmodal.audio.vad} for the segments, on model-runtime and DJL for the models and on
 * service-kit's {@code RequestScope}, and must not import gRPC, proto or Quarkus types.
 */
package io.crossmodal.audio.embed;
