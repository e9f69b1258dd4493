/**
 * The failure vocabulary of domain code: a {@code ServiceException} describes a failure in the domain's own terms (what
 * kind of failure it is, a stable machine-readable reason, the request field it concerns, whether and when a retry can
 * help, the values worth reporting), and subclasses here and in the modules above name particular failures. Everything
 * below a gRPC front throws these instead of building transport errors, so which status code and details a failure gets
 * is decided once, in {@code io.crossmodal.servicekit.grpc}, and consistently across every service. It depends on the
 * JDK only: no gRPC, protobuf or Quarkus types, which is what lets model-runtime and every domain package raise these
 * failures without taking on a transport.
 */
package io.crossmodal.servicekit.error;
