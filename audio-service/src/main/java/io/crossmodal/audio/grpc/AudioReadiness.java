package io.crossmodal.audio.grpc;

import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.servicekit.grpc.ReadinessGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** AudioService reports SERVING once every model of {@link AudioModels} is loaded and warmed up (service-kit does the rest). */
@ApplicationScoped
class AudioReadiness {

    @Produces
    @Singleton // a record cannot be proxied, so no normal scope
    ReadinessGate gate(AudioModels models) {
        return new ReadinessGate("audio-model-loader", AudioServiceGrpc.SERVICE_NAME, models.states(), models::loadAll);
    }
}
