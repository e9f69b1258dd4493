package io.crossmodal.vision.grpc;

import static io.crossmodal.servicekit.grpc.GrpcReplies.reply;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.crossmodal.servicekit.grpc.GrpcRequestScopes;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.tasks.VisionTasks;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vision service's gRPC front: each RPC parses its request ({@link VisionProtoMapper}), calls
 * {@link VisionTasks} and maps the answer back, and {@code GrpcReplies.reply} sends it or its error, reported on the
 * request field that held the image when the image itself is at fault.
 *
 * <p>The image RPCs run on a worker thread ({@code @Blocking}): decoding is CPU work that must not stall the event
 * loop; inference completes the call from the model's batcher thread.
 */
@GrpcService
public class VisionGrpcService extends VisionServiceGrpc.VisionServiceImplBase {

    private final long maxInboundMessageBytes;
    private final VisionTasks vision;
    private final VisionModels models;
    private final VisionServiceConfig config;

    public VisionGrpcService(
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304")
                    long maxInboundMessageBytes,
            VisionTasks vision,
            VisionModels models,
            VisionServiceConfig config) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
        this.vision = vision;
        this.models = models;
        this.config = config;
    }

    @Override
    @Blocking
    public void detectObjects(DetectObjectsRequest request, StreamObserver<DetectObjectsResponse> observer) {
        reply(
                observer,
                "image",
                () -> vision.detect(
                                request.getModel(),
                                VisionProtoMapper.image(request.getImage()),
                                VisionProtoMapper.detectOptions(request),
                                GrpcRequestScopes.current())
                        .thenApply(VisionProtoMapper::detectObjectsResponse));
    }

    @Override
    @Blocking
    public void readText(ReadTextRequest request, StreamObserver<ReadTextResponse> observer) {
        reply(
                observer,
                "image",
                () -> vision.readText(
                                VisionProtoMapper.image(request.getImage()),
                                VisionProtoMapper.minConfidence(request),
                                GrpcRequestScopes.current())
                        .thenApply(VisionProtoMapper::readTextResponse));
    }

    @Override
    @Blocking
    public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
        reply(
                observer,
                "images",
                () -> vision.embed(request.getModel(), VisionProtoMapper.images(request), GrpcRequestScopes.current())
                        .thenApply(VisionProtoMapper::embedImagesResponse));
    }

    @Override
    @Blocking
    public void describeImage(DescribeImageRequest request, StreamObserver<DescribeImageResponse> observer) {
        reply(
                observer,
                "image",
                () -> vision.describe(
                                VisionProtoMapper.image(request.getImage()),
                                VisionProtoMapper.minTagScore(request),
                                GrpcRequestScopes.current())
                        .thenApply(VisionProtoMapper::describeImageResponse));
    }

    /**
     * One image in chunks, several tasks on it: see {@link AnalyzeImageStreamObserver}. The call's deadline and
     * cancellation are captured here, where the gRPC context is current.
     */
    @Override
    public StreamObserver<AnalyzeImageChunk> analyzeImageStream(StreamObserver<AnalyzeImageResponse> observer) {
        return new AnalyzeImageStreamObserver(models, config, GrpcRequestScopes.current(), observer);
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        reply(observer, () -> completedFuture(VisionProtoMapper.listModels(models, config, maxInboundMessageBytes)));
    }
}
