package io.crossmodal.fusion.grpc;

import static io.crossmodal.servicekit.grpc.GrpcReplies.reply;

import io.crossmodal.fusion.config.GatewayConfig;
import io.crossmodal.fusion.convert.ConvertService;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.encode.EncodeService;
import io.crossmodal.fusion.fuse.FuseService;
import io.crossmodal.fusion.models.ModelDirectory;
import io.crossmodal.fusion.v1.ConvertRequest;
import io.crossmodal.fusion.v1.ConvertResponse;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.FuseScoresRequest;
import io.crossmodal.fusion.v1.FuseScoresResponse;
import io.crossmodal.fusion.v1.FuseVectorsRequest;
import io.crossmodal.fusion.v1.FuseVectorsResponse;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * gRPC front of the gateway: reads the caller's deadline and hands the request to the domain services, each RPC
 * through {@code GrpcReplies.reply} like every other front (errors mapped by {@code GrpcErrors}, also for validation
 * that fails before any encoder is called). RPCs not listed here answer UNIMPLEMENTED (grpc-java's default) until
 * their issue lands; none returns made-up data.
 */
@GrpcService
public class FusionGrpcService extends FusionServiceGrpc.FusionServiceImplBase {

    private final EncodeService encode;
    private final ConvertService convert;
    private final FuseService fuse;
    private final ModelDirectory models;
    private final GatewayConfig config;

    public FusionGrpcService(
            EncodeService encode,
            ConvertService convert,
            FuseService fuse,
            ModelDirectory models,
            GatewayConfig config) {
        this.encode = encode;
        this.convert = convert;
        this.fuse = fuse;
        this.models = models;
        this.config = config;
    }

    @Override
    public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
        reply(observer, () -> encode.encode(request, callerDeadline()));
    }

    @Override
    public void convert(ConvertRequest request, StreamObserver<ConvertResponse> observer) {
        reply(observer, () -> convert.convert(request, callerDeadline()));
    }

    @Override
    public void fuseVectors(FuseVectorsRequest request, StreamObserver<FuseVectorsResponse> observer) {
        reply(observer, () -> FuseMapping.fuseVectors(fuse, request));
    }

    @Override
    public void fuseScores(FuseScoresRequest request, StreamObserver<FuseScoresResponse> observer) {
        reply(observer, () -> FuseMapping.fuseScores(fuse, request));
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        reply(observer, () -> models.listModels(callerDeadline()));
    }

    /** The caller's deadline, or the default one when it set none: every downstream call is bounded. */
    private Deadline callerDeadline() {
        return Downstream.callerDeadline(config.defaultDeadline());
    }
}
