/**
 * The gRPC side of every Crossmodal server: the one mapping from a {@code ServiceException}'s kind to a status with
 * {@code google.rpc} details (ErrorInfo always, BadRequest for invalid input, RetryInfo when a retry helps), the global
 * interceptors that apply that mapping and that count and drain the calls in flight, the connection-age limit that lets
 * DNS-balancing clients reach new pods, the bridge from a live call's deadline and cancellation to a transport-free
 * {@code RequestScope}, and the readiness gates that tie standard gRPC health to the states of a service's models. It
 * is the part of service-kit that may use grpc-java, {@code com.google.rpc} and the Quarkus gRPC extension; it builds
 * on the transport-free packages beside it and on no other module of ours, so the encoders and the gateway share one
 * error model and one shutdown behaviour without the gateway inheriting any model code. A service's own {@code grpc}
 * front and the gateway use it; an encoder's domain packages must not.
 */
package io.crossmodal.servicekit.grpc;
