/**
 * The caller of a request as domain code needs to see it: the moment its answer stops being useful and whether it still
 * wants the answer at all, as a {@code RequestScope} that carries no transport type. The batcher, the decoders and the
 * streaming pipelines take one so they can drop work nobody waits for without knowing that the caller is a gRPC call;
 * {@code io.crossmodal.servicekit.grpc} builds it from the current call, tests and in-process callers build it
 * directly. It depends on the JDK only and must not import gRPC, Quarkus or model types, since every domain package of
 * every encoder depends on it.
 */
package io.crossmodal.servicekit.call;
