package io.crossmodal.vision.health;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.runtime.health.BackgroundLoading;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Ties the standard gRPC health service to the models ({@link BackgroundLoading}): NOT_SERVING from start-up until
 * every configured model is loaded and warmed up, then SERVING. Quarkus marks services SERVING as soon as the server
 * listens, so this overrides that at start-up and keeps probes honest.
 */
@ApplicationScoped
public class ModelReadiness {

    private final VisionModels models;
    private final GrpcHealthStorage health;

    public ModelReadiness(VisionModels models, GrpcHealthStorage health) {
        this.models = models;
        this.health = health;
    }

    void onStart(@Observes StartupEvent event) {
        BackgroundLoading.start("vision-model-loader", models.states(), models::loadAll, serving -> {
            ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
            health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
            health.setStatus(VisionServiceGrpc.SERVICE_NAME, status);
        });
    }
}
