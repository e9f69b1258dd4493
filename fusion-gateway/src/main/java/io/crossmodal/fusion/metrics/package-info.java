/**
 * What the gateway measures of its own fan-out: the latency of every encoder call it makes, by modality, RPC and
 * status, with only low-cardinality tags, so an operator sees which encoder slows the gateway down. It may depend on
 * Micrometer and the {@code v1} modality type only, and never on gRPC stubs, an encoder's code or model-runtime;
 * per-model inference metrics belong to the encoders.
 */
package io.crossmodal.fusion.metrics;
