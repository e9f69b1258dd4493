/**
 * The vision service's gRPC front, the only package of the service that knows the {@code crossmodal.vision.v1} messages
 * and grpc-java: it turns requests (unary calls and the chunked AnalyzeImageStream upload, whose protocol and byte
 * limits it enforces as the chunks arrive) into calls on the domain packages, takes every image in through the
 * service's intake and releases it when the call completes, turns results into replies with a status per item or task,
 * and declares the readiness gate that ties the service's health to its models. It stays thin: decoding, detection,
 * OCR, embedding and description are decided in their own packages, and domain failures become statuses through
 * service-kit's one mapping. It may depend on every package of the service and the types they hand out, on service-kit
 * and on proto; nothing in the service depends on it, so the contract can evolve here without touching the domain.
 */
package io.crossmodal.vision.grpc;
