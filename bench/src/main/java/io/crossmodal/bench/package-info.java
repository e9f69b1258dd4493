/**
 * The load generator: closed-loop clients that send single-item requests back to back to text-service, the gateway or
 * the vision service over gRPC for a warm-up and a measured window, and report items per second and latency percentiles
 * as a table and a machine-readable result line, with the machine's CPU use and the server's memory as context, since a
 * number taken on a shared machine means little without it. Its corpus is deterministic, so runs on different machines
 * send the same texts in the same order. It may depend on proto, grpc-java, picocli, HdrHistogram and service-kit's
 * client-safe parts; like the gateway and the CLI it must not depend on DJL, model-runtime or an encoder's code (the
 * architecture rules check this), so that it measures the services as their clients see them, and a measurement of a
 * model without gRPC belongs with the encoder that runs it.
 */
package io.crossmodal.bench;
