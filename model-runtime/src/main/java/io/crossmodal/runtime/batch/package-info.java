/**
 * Dynamic batching of single requests for one model: a bounded queue per model that closes a batch on its item count,
 * on a cost budget or on how long its oldest item has waited, refuses a submit at once when full, drops items whose
 * caller stopped waiting right before inference, and runs every batch on one worker thread that owns the model's
 * non-thread-safe predictor. It deals in items, costs and callers' {@code RequestScope}s, never in models or tensors:
 * the batch function and the cost of an item come from the encoder's domain code, its failures are service-kit {@code
 * ServiceException}s (overloaded, dropped) that the service's gRPC layer maps, and it reports what it does through an
 * interface of its own rather than a metrics library. It depends on service-kit's transport-free packages only and must
 * not import DJL, gRPC or Quarkus, which is what lets every encoder and every kind of cost (tokens, pixels, seconds of
 * audio) share one batcher with one set of tests.
 */
package io.crossmodal.runtime.batch;
