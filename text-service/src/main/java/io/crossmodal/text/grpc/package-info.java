/**
 * The text service's gRPC front, the only package of the service that knows the {@code crossmodal.text.v1} messages and
 * grpc-java: it turns requests into calls on {@code io.crossmodal.text.inference}, turns results into replies (each
 * item with its own status), hands the caller's deadline and cancellation on as a {@code RequestScope}, keeps blocking
 * work off the event loop, and declares the readiness gate that ties the service's health to its models. It stays thin:
 * no routing, limits, tokenization or model logic is decided here, and domain failures become statuses through
 * service-kit's one mapping rather than codes chosen on the spot. It may depend on every package of the service and the
 * types they hand out (model-runtime and DJL ones included), on service-kit and on proto; nothing in the service
 * depends on it, so the contract can evolve here without touching the domain.
 */
package io.crossmodal.text.grpc;
