package io.crossmodal.audio.health;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.runtime.health.BackgroundLoading;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Ties the standard gRPC health service to the audio models and programs ({@link BackgroundLoading}): NOT_SERVING
 * until voice activity, embedding, recogniser and synthesizers are loaded and warmed up, then SERVING.
 */
@ApplicationScoped
public class ModelReadiness {

    private final AudioModels models;
    private final GrpcHealthStorage health;

    public ModelReadiness(AudioModels models, GrpcHealthStorage health) {
        this.models = models;
        this.health = health;
    }

    void onStart(@Observes StartupEvent event) {
        BackgroundLoading.start("audio-model-loader", models.states(), models::loadAll, serving -> {
            ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
            health.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
            health.setStatus(AudioServiceGrpc.SERVICE_NAME, status);
        });
    }
}
