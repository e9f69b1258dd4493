/**
 * The gateway's side of its calls to the encoders: one client per encoder that calls its {@code v1} service with the
 * caller's deadline, so an encoder drops work nobody waits for, and times every call per encoder, RPC and outcome; and
 * the translation of an encoder's error into the gateway's terms (same code and details, the message naming the
 * encoder, field paths rewritten into the gateway request's, a retry delay added where the transport gave none). It is
 * the only package of the gateway that holds stubs or opens channels to the encoders, so how the gateway calls them
 * (the named Quarkus clients, deadlines, timing, error translation) changes in one place. It may depend on proto,
 * grpc-java, the Quarkus gRPC client, service-kit's {@code grpc} package and the gateway's metrics; it must never
 * depend on an encoder's code, DJL or model-runtime: the gateway reaches the encoders over gRPC only.
 */
package io.crossmodal.fusion.downstream;
