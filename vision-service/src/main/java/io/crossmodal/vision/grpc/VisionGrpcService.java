package io.crossmodal.vision.grpc;

import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.runtime.errors.GrpcErrors;
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
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vision service's gRPC front. No vision model is wired in yet, so ListModels answers truthfully with none, and
 * every task RPC answers UNIMPLEMENTED (reason MODEL_NOT_INSTALLED) with a message naming the missing model, rather
 * than returning made-up data.
 */
@GrpcService
public class VisionGrpcService extends VisionServiceGrpc.VisionServiceImplBase {

    /** The {@code ErrorInfo.reason} of a task whose model is not installed. */
    static final String MODEL_NOT_INSTALLED = "MODEL_NOT_INSTALLED";

    static final String DETECT_OBJECTS_UNAVAILABLE =
            "DetectObjects is not available yet: the vision service has no object-detection model installed";
    static final String READ_TEXT_UNAVAILABLE =
            "ReadText is not available yet: the vision service has no text-reading (OCR) model installed";
    static final String EMBED_IMAGES_UNAVAILABLE =
            "EmbedImages is not available yet: the vision service has no image-embedding model installed";
    static final String DESCRIBE_IMAGE_UNAVAILABLE =
            "DescribeImage is not available yet: the vision service has no object-detection or OCR model installed";
    static final String ANALYZE_IMAGE_STREAM_UNAVAILABLE =
            "AnalyzeImageStream is not available yet: the vision service has no vision model installed";

    private final long maxInboundMessageBytes;

    public VisionGrpcService(
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304")
            long maxInboundMessageBytes) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
    }

    @Override
    public void detectObjects(DetectObjectsRequest request, StreamObserver<DetectObjectsResponse> observer) {
        observer.onError(notInstalled(DETECT_OBJECTS_UNAVAILABLE));
    }

    @Override
    public void readText(ReadTextRequest request, StreamObserver<ReadTextResponse> observer) {
        observer.onError(notInstalled(READ_TEXT_UNAVAILABLE));
    }

    @Override
    public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
        observer.onError(notInstalled(EMBED_IMAGES_UNAVAILABLE));
    }

    @Override
    public void describeImage(DescribeImageRequest request, StreamObserver<DescribeImageResponse> observer) {
        observer.onError(notInstalled(DESCRIBE_IMAGE_UNAVAILABLE));
    }

    /** Answers the error at once and ignores whatever chunks the client still sends. */
    @Override
    public StreamObserver<AnalyzeImageChunk> analyzeImageStream(StreamObserver<AnalyzeImageResponse> observer) {
        observer.onError(notInstalled(ANALYZE_IMAGE_STREAM_UNAVAILABLE));
        return new StreamObserver<>() {
            @Override
            public void onNext(AnalyzeImageChunk chunk) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        observer.onNext(ListModelsResponse.newBuilder()
                .setLimits(ServiceLimits.newBuilder().addLimits(Limit.newBuilder()
                        .setName("max_request_bytes")
                        .setValue(maxInboundMessageBytes)
                        .setUnit("bytes")
                        .setDescription("Largest gRPC message the service reads")))
                .build());
        observer.onCompleted();
    }

    private static RuntimeException notInstalled(String message) {
        return GrpcErrors.error(Status.Code.UNIMPLEMENTED, message, MODEL_NOT_INSTALLED);
    }
}
