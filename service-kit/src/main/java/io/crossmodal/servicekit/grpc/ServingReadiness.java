package io.crossmodal.servicekit.grpc;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.servicekit.health.BackgroundLoading;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/**
 * Ties the standard gRPC health service to the models of every {@link ReadinessGate} the application declares
 * ({@link BackgroundLoading}): NOT_SERVING from start-up until the models are loaded and warmed up, then SERVING.
 * Quarkus marks services SERVING as soon as the server listens, so this overrides that at start-up and keeps probes
 * honest. The overall status (service name "") is SERVING only when every gate's models are ready. An application
 * without gates (the gateway) keeps Quarkus' own statuses.
 */
@ApplicationScoped
public class ServingReadiness {

    private final Instance<ReadinessGate> gates;
    private final GrpcHealthStorage health;

    public ServingReadiness(Instance<ReadinessGate> gates, GrpcHealthStorage health) {
        this.gates = gates;
        this.health = health;
    }

    void onStart(@Observes StartupEvent event) {
        List<ReadinessGate> all = gates.stream().toList();
        for (ReadinessGate gate : all) {
            BackgroundLoading.start(gate.loaderThread(), gate.states(), gate.loadAll(), serving -> {
                health.setStatus(gate.grpcService(), status(serving));
                boolean allServing = all.stream().allMatch(g -> g.states().allReady());
                health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status(allServing));
            });
        }
    }

    private static ServingStatus status(boolean serving) {
        return serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    }
}
