package io.crossmodal.fusion.grpc;

import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.convert.ConvertService;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.encode.EncodeService;
import io.crossmodal.fusion.models.ModelDirectory;
import io.crossmodal.fusion.v1.ConvertRequest;
import io.crossmodal.fusion.v1.ConvertResponse;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * gRPC front of the gateway: reads the caller's deadline and hands the request to the domain services. RPCs not
 * listed here answer UNIMPLEMENTED (grpc-java's default) until their issue lands; none returns made-up data.
 */
@GrpcService
public class FusionGrpcService extends FusionServiceGrpc.FusionServiceImplBase {

    private final EncodeService encode;
    private final ConvertService convert;
    private final ModelDirectory models;
    private final GatewayConfig config;

    public FusionGrpcService(EncodeService encode, ConvertService convert, ModelDirectory models,
            GatewayConfig config) {
        this.encode = encode;
        this.convert = convert;
        this.models = models;
        this.config = config;
    }

    @Override
    public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
        reply(observer, deadline -> encode.encode(request, deadline));
    }

    @Override
    public void convert(ConvertRequest request, StreamObserver<ConvertResponse> observer) {
        reply(observer, deadline -> convert.convert(request, deadline));
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        reply(observer, models::listModels);
    }

    /**
     * Runs {@code call} with the caller's deadline (or the default one) and sends its answer or its error; an error
     * thrown before any encoder was called (validation) is sent the same way.
     */
    private <T> void reply(StreamObserver<T> observer, Function<Deadline, CompletableFuture<T>> call) {
        try {
            call.apply(Downstream.callerDeadline(config.defaultDeadline())).whenComplete((response, error) -> {
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
}
