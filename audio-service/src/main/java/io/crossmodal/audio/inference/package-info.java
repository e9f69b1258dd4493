/**
 * The audio service's runtime state: it holds the decoder, the models (voice activity, speech embedding) and the
 * programs (the recogniser, the synthesizers) through background loading, warm-up and serving, each with its own state,
 * handing each out only once ready, builds the recogniser and the synthesizers from the service's settings, and exports
 * the saturation of the programs that no batcher bounds. It may depend on every domain package of the service,
 * model-runtime, service-kit's transport-free packages, the service's settings, Micrometer and CDI for wiring, and must
 * not import gRPC, {@code com.google.rpc} or the {@code crossmodal.audio.v1} messages: what the service runs is decided
 * here, once, for every RPC the front offers.
 */
package io.crossmodal.audio.inference;
