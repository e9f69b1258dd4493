/**
 * What the text service does, independent of how it is called: check a request against its limits, route each text to a
 * model by script (or to the model the caller named), tokenize it on the caller's thread, queue it on that model's
 * dynamic batcher, pool and normalise the model's token vectors into a sentence vector, and hold the service's models
 * through loading, warm-up and serving. Request-wide problems fail the call and item problems stay on the item, both as
 * service-kit {@code ServiceException}s that carry the field they concern. It may depend on model-runtime (repository,
 * engine, batcher, metrics), DJL and its tokenizers, service-kit's transport-free packages, the service's settings and
 * CDI for wiring, but must not import gRPC, {@code com.google.rpc} or the {@code crossmodal.text.v1} messages: keeping
 * the domain free of the transport is what lets it be tested and benchmarked in-process and lets the gRPC front stay a
 * thin translation.
 */
package io.crossmodal.text.inference;
