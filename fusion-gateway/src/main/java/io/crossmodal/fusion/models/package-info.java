/**
 * ListModels through the gateway: every encoder that serves models is asked at once and listed with its models, limits
 * and reachability, and an encoder that cannot be reached is listed with its error and no models while the call itself
 * succeeds, since the others' models are still worth knowing. It works in the {@code v1} messages and grpc-java's
 * status and deadline types, reaches the encoders only through {@code io.crossmodal.fusion.downstream}, and must never
 * depend on an encoder's code, DJL or model-runtime.
 */
package io.crossmodal.fusion.models;
