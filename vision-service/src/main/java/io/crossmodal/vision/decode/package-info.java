/**
 * Safe decoding of untrusted images: {@link io.crossmodal.vision.decode.ImageDecoder} turns the bytes a client sent
 * into a {@link io.crossmodal.vision.decode.DecodedImage} (opaque TYPE_3BYTE_BGR pixels, orientation applied) or an
 * {@link io.crossmodal.vision.decode.ImageDecodeException} with a machine-readable reason, within
 * {@link io.crossmodal.vision.decode.DecodeLimits}. Plain Java: no gRPC or Quarkus types. See
 * {@code vision-service/DECODING.md}.
 */
package io.crossmodal.vision.decode;
