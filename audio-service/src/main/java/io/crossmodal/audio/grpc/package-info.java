/**
 * The audio service's gRPC front, the only package of the service that knows the {@code crossmodal.audio.v1} messages
 * and grpc-java: it turns requests (unary calls and the StreamingTranscribe stream, whose messages it processes one
 * after the other off the transport's thread) into calls on the domain packages, decodes the audio they carry under the
 * decoder's limits, turns results into replies with a status per clip where a call has several, turns domain failures
 * into statuses with details through service-kit's mapping, reports the models and programs for ListModels, and
 * declares the readiness gate that ties the service's health to them. It stays thin: voice activity, embedding,
 * transcription and synthesis are decided in their own packages. It may depend on every package of the service and the
 * types they hand out, on service-kit and on proto; nothing in the service depends on it, so the contract can evolve
 * here without touching the domain.
 */
package io.crossmodal.audio.grpc;
