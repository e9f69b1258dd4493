package io.crossmodal.vision.grpc;

import io.crossmodal.servicekit.grpc.ReadinessGate;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** VisionService reports SERVING once every model of {@link VisionModels} is loaded and warmed up (service-kit does the rest). */
@ApplicationScoped
class VisionReadiness {

    @Produces
    @Singleton // a record cannot be proxied, so no normal scope
    ReadinessGate gate(VisionModels models) {
        return new ReadinessGate(
                "vision-model-loader", VisionServiceGrpc.SERVICE_NAME, models.states(), models::loadAll);
    }
}
