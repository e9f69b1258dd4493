/**
 * The vision service's own metrics beyond the batchers' (model-runtime) and the gRPC server's: the in-flight pixel
 * budget, as Micrometer gauges bound at start-up. It may depend on the service's inference package and Micrometer.
 */
package io.crossmodal.vision.metrics;
