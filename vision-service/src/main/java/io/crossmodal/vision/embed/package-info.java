/**
 * Image embeddings in the detector's own visual space: each image of a batch is taken in through the service's intake
 * (decode limits and pixel budget) and queued on the detector as soon as it is decoded, so inference of one image
 * overlaps the decoding of the next, and the pooled backbone features become its vector. Its results keep apart the
 * images the decoder refused, which fail alone, from overload or cancellation, which fail the whole call after giving
 * back what it had taken. It builds on {@code io.crossmodal.vision.decode}, {@code io.crossmodal.vision.detect} and
 * {@code io.crossmodal.vision.inference} and must not import gRPC, proto or Quarkus types. Its vectors measure visual
 * similarity and are not comparable with text vectors: an image reaches a text space through {@code
 * io.crossmodal.vision.describe} instead.
 */
package io.crossmodal.vision.embed;
