/**
 * Model lifecycle and readiness without a transport: the state of each model a service must serve (loading, ready,
 * failed), background loading that lets a server listen and answer probes at once and report itself ready exactly when
 * every model is, and the domain failure a call gets while its model is not ready yet (UNAVAILABLE with a retry delay
 * once mapped). Each encoder's model holder drives these states; {@code io.crossmodal.servicekit.grpc} connects them to
 * standard gRPC health. It depends on {@code io.crossmodal.servicekit.error} and the JDK, never on gRPC or Quarkus, so
 * the same lifecycle serves every encoder and is tested without a server.
 */
package io.crossmodal.servicekit.health;
