package io.crossmodal.text.grpc;

import io.crossmodal.servicekit.grpc.ReadinessGate;
import io.crossmodal.text.inference.TextModels;
import io.crossmodal.text.v1.TextServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** TextService reports SERVING once every model of {@link TextModels} is loaded and warmed up (service-kit does the rest). */
@ApplicationScoped
class TextReadiness {

    @Produces
    @Singleton // a record cannot be proxied, so no normal scope
    ReadinessGate gate(TextModels models) {
        return new ReadinessGate("text-model-loader", TextServiceGrpc.SERVICE_NAME, models.states(), models::loadAll);
    }
}
