/**
 * The encoders' own contracts ({@code crossmodal.text.v1.TextService}, {@code crossmodal.vision.v1.VisionService},
 * {@code crossmodal.audio.v1.AudioService}) served on the gateway's port by forwarding every call, as it comes, to
 * the encoder behind the gateway's named Quarkus client for it. One generic {@link
 * io.crossmodal.fusion.forward.Forwarder} serves every method of a generated {@code ServiceDescriptor}: the
 * caller's deadline, metadata (minus transport and reserved headers) and cancellation go to the encoder, its
 * headers, messages, status and trailers come back unchanged, and streams are relayed one message at a time under
 * both sides' flow control. Only an encoder that cannot be reached is reported by the gateway itself (UNAVAILABLE
 * with ErrorInfo and RetryInfo). Like {@code downstream}, it reaches the encoders over gRPC only: proto stubs,
 * grpc-java, the Quarkus gRPC client and service-kit's {@code grpc} package, never an encoder's code.
 */
package io.crossmodal.fusion.forward;
