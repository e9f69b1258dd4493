package io.crossmodal.servicekit.grpc;

import io.crossmodal.servicekit.health.ModelStates;

/**
 * What one gRPC service of an application needs before it may report SERVING: the models in {@code states}, loaded
 * by {@code loadAll} on a background thread named {@code loaderThread}. A service declares it by producing one
 * ({@code @Produces}); {@link ServingReadiness} does the rest.
 *
 * @param grpcService the fully qualified gRPC service name whose health follows the models
 */
public record ReadinessGate(String loaderThread, String grpcService, ModelStates states, Runnable loadAll) {}
