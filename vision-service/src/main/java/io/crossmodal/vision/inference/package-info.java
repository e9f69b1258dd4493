/**
 * The vision service's runtime state and the way images are admitted: it holds the decoder and the models (the object
 * detector, the OCR pipeline) through background loading, warm-up and serving, handing each out only once ready, and it
 * is the one way an image enters the service, decoded under the decoder's limits and then admitted against the pixel
 * budget that bounds the decoded images held by all requests in flight, so a burst of large images is refused instead
 * of filling the heap. It may depend on the service's domain packages, model-runtime, service-kit's transport-free
 * packages, the service's settings, Micrometer and CDI for wiring, and must not import gRPC, {@code com.google.rpc} or
 * the {@code crossmodal.vision.v1} messages: what the service runs and how much it accepts are decided here, once, for
 * every RPC the front offers.
 */
package io.crossmodal.vision.inference;
