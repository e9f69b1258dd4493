/**
 * Convert, the gateway's change of modality: image to text is the vision service's description of the image (object
 * labels and recognised text, the same text Encode embeds to bring an image into a text space), and conversions no
 * encoder serves a model for answer UNIMPLEMENTED with the reason instead of anything made up. It works in the {@code
 * v1} messages and grpc-java's status and deadline types, reaches the encoders only through {@code
 * io.crossmodal.fusion.downstream}, and must never depend on an encoder's code, DJL or model-runtime.
 */
package io.crossmodal.fusion.convert;
