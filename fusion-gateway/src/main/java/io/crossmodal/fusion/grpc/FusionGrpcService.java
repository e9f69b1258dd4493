package io.crossmodal.fusion.grpc;

import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.downstream.TextEncoderClient;
import io.crossmodal.fusion.encode.EncodeService;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncoderModels;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.crossmodal.runtime.errors.GrpcErrors;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * gRPC front of the gateway. RPCs not listed here answer UNIMPLEMENTED (grpc-java's default) until their issue
 * lands; none returns made-up data.
 */
@GrpcService
public class FusionGrpcService extends FusionServiceGrpc.FusionServiceImplBase {

    private final EncodeService encode;
    private final TextEncoderClient text;
    private final GatewayConfig config;

    public FusionGrpcService(EncodeService encode, TextEncoderClient text, GatewayConfig config) {
        this.encode = encode;
        this.text = text;
        this.config = config;
    }

    @Override
    public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
        try {
            Deadline deadline = Downstream.callerDeadline(config.defaultDeadline());
            encode.encode(request, deadline).whenComplete((response, error) -> {
                if (error != null) {
                    observer.onError(GrpcErrors.toStatusRuntimeException(error));
                } else {
                    observer.onNext(response);
                    observer.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatusRuntimeException(e));
        }
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        Deadline deadline = Downstream.callerDeadline(config.defaultDeadline());
        text.listModels(deadline).handle((models, error) -> {
            EncoderModels.Builder encoder = EncoderModels.newBuilder().setModality(Modality.MODALITY_TEXT);
            if (error != null) {
                encoder.setStatus(Downstream.translate("text-service", error, f -> f, config.unavailableRetryAfter()));
            } else {
                encoder.setStatus(GrpcErrors.ok()).addAllModels(models.getModelsList()).setLimits(models.getLimits());
            }
            return ListModelsResponse.newBuilder().addEncoders(encoder).build();
        }).whenComplete((response, error) -> {
            if (error != null) {
                observer.onError(GrpcErrors.toStatusRuntimeException(error));
            } else {
                observer.onNext(response);
                observer.onCompleted();
            }
        });
    }
}
