/**
 * Object detection with a single-stage detector such as CenterNet: the model's settings read from its {@code
 * serving.properties} and refused when they are settings this code cannot honour, letterboxing an image onto the
 * model's square input, running it behind the model's dynamic batcher, decoding the output rows into labelled boxes in
 * original image pixels with class-wise non-maximum suppression, and pooling the same inference's backbone feature map
 * into an image vector, so detection and embedding of one image cost one run. Plain Java on DJL and model-runtime (with
 * service-kit's {@code RequestScope}): no gRPC, proto or Quarkus types, and the geometry and suppression stay pure
 * functions that are tested without a model.
 */
package io.crossmodal.vision.detect;
