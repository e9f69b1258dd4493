/**
 * {@code crossmodal}, the command-line client: commands that call the fusion gateway (embed, similarity, models) and,
 * under {@code vision} and {@code audio}, the vision and audio services directly, over plaintext gRPC with a deadline
 * per call; files are checked before the first call and streamed in flow-controlled chunks where the RPC is a stream,
 * results are printed for a person, and errors are printed with their {@code google.rpc} details. Exit codes are part
 * of its contract: 0 on success, 1 when a service answered with an error or an item or task failed, 2 for a usage
 * error. It is a client like any other: it may depend on proto, grpc-java, picocli and service-kit's client-safe parts,
 * and must never depend on an encoder's or the gateway's code, DJL or model-runtime, so it shows the API exactly as
 * callers see it.
 */
package io.crossmodal.cli;
