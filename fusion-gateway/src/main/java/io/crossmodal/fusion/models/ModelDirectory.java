package io.crossmodal.fusion.models;

import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.downstream.TextEncoderClient;
import io.crossmodal.fusion.downstream.VisionEncoderClient;
import io.crossmodal.fusion.v1.EncoderModels;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Deadline;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * ListModels: asks every encoder that serves models (text, vision) at once and lists each with its reachability.
 * An encoder that cannot be reached is listed with its error (UNAVAILABLE + RetryInfo) and no models; the call
 * itself still succeeds, since the others' models are still worth knowing.
 */
@ApplicationScoped
public class ModelDirectory {

    private final TextEncoderClient text;
    private final VisionEncoderClient vision;
    private final GatewayConfig config;

    public ModelDirectory(TextEncoderClient text, VisionEncoderClient vision, GatewayConfig config) {
        this.text = text;
        this.vision = vision;
        this.config = config;
    }

    public CompletableFuture<ListModelsResponse> listModels(Deadline deadline) {
        CompletableFuture<EncoderModels> texts = text.listModels(deadline)
                .handle((r, error) -> encoder(
                        Modality.MODALITY_TEXT,
                        "text-service",
                        error,
                        error == null ? r.getModelsList() : List.of(),
                        error == null ? r.getLimits() : null));
        CompletableFuture<EncoderModels> images = vision.listModels(deadline)
                .handle((r, error) -> encoder(
                        Modality.MODALITY_IMAGE,
                        "vision-service",
                        error,
                        error == null ? r.getModelsList() : List.of(),
                        error == null ? r.getLimits() : null));
        return texts.thenCombine(
                images,
                (t, i) -> ListModelsResponse.newBuilder()
                        .addEncoders(t)
                        .addEncoders(i)
                        .build());
    }

    private EncoderModels encoder(
            Modality modality, String name, Throwable error, List<ModelInfo> models, ServiceLimits limits) {
        EncoderModels.Builder b = EncoderModels.newBuilder().setModality(modality);
        if (error != null) {
            return b.setStatus(Downstream.translate(name, error, f -> f, config.unavailableRetryAfter()))
                    .build();
        }
        return b.setStatus(GrpcErrors.ok())
                .addAllModels(models)
                .setLimits(limits)
                .build();
    }
}
