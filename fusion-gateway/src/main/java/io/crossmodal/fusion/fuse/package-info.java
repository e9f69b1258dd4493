/**
 * FuseVectors and FuseScores: the arithmetic that combines vectors of one embedding space (weighted mean, optionally
 * L2-normalised) and ranked lists (reciprocal rank fusion, weighted sums of min-max or z-score normalised scores). It
 * calls no encoder and works in plain Java types; invalid input is thrown as
 * {@link io.crossmodal.servicekit.error.ServiceException} naming the request field (in the API's terms), and
 * {@code io.crossmodal.fusion.grpc} maps the v1 messages to and from these types. No gRPC or protobuf type here.
 */
package io.crossmodal.fusion.fuse;
