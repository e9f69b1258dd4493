package io.crossmodal.vision.grpc;

import io.crossmodal.common.v1.Media;
import io.crossmodal.runtime.batch.GrpcRequestScopes;
import io.crossmodal.runtime.batch.RequestScope;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.detect.DetectOptions;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.ocr.TextReader;
import io.smallrye.common.annotation.Blocking;
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
 * The vision service's gRPC front: converts requests, calls the decoder and the models, converts replies.
 * DetectObjects runs on CenterNet; the task RPCs whose models are not wired in yet answer UNIMPLEMENTED (reason
 * MODEL_NOT_INSTALLED) with a message naming the missing model, rather than returning made-up data.
 */
@GrpcService
public class VisionGrpcService extends VisionServiceGrpc.VisionServiceImplBase {

    /** The {@code ErrorInfo.reason} of a task whose model is not installed. */
    static final String MODEL_NOT_INSTALLED = "MODEL_NOT_INSTALLED";

    static final String EMBED_IMAGES_UNAVAILABLE =
            "EmbedImages is not available yet: the vision service has no image-embedding model installed";
    static final String ANALYZE_IMAGE_STREAM_UNAVAILABLE =
            "AnalyzeImageStream is not available yet: the vision service has no vision model installed";

    private final long maxInboundMessageBytes;
    private final VisionModels models;
    private final VisionServiceConfig config;

    public VisionGrpcService(
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304")
            long maxInboundMessageBytes,
            VisionModels models,
            VisionServiceConfig config) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
        this.models = models;
        this.config = config;
    }

    /**
     * Decodes the image (limits checked from its header first) and finds its objects. Runs on a worker thread:
     * decoding is CPU work that must not stall the event loop; inference completes the call from the model's
     * batcher thread.
     */
    @Override
    @Blocking
    public void detectObjects(DetectObjectsRequest request, StreamObserver<DetectObjectsResponse> observer) {
        try {
            models.requireKnownDetectionModel(request.getModel());
            DetectOptions options = VisionProtoMapper.detectOptions(request);
            ObjectDetector detector = models.detector();
            RequestScope scope = GrpcRequestScopes.current();
            DecodedImage image = decode(request.getImage());
            detector.detect(image.pixels(), options, scope).whenComplete((detections, error) -> {
                if (error != null) {
                    observer.onError(GrpcErrors.toStatusRuntimeException(error));
                } else {
                    observer.onNext(DetectObjectsResponse.newBuilder()
                            .addAllObjects(detections.stream().map(VisionProtoMapper::detectedObject).toList())
                            .setImage(VisionProtoMapper.imageInfo(image))
                            .setModel(detector.descriptor().name())
                            .build());
                    observer.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatusRuntimeException(e));
        }
    }

    /** INVALID_ARGUMENT with a BadRequest on field "image" for anything the decoder refuses. */
    private DecodedImage decode(Media media) {
        try {
            return models.decoder().decode(media.getData().asReadOnlyByteBuffer(), media.getMimeType());
        } catch (ImageDecodeException e) {
            if (e.reason().clientError()) {
                throw GrpcErrors.invalidArgument(e.reason().name(), "image", e.getMessage());
            }
            if (e.reason() == ImageDecodeException.Reason.CANCELLED) {
                throw GrpcErrors.error(Status.Code.CANCELLED, e.getMessage(), e.reason().name());
            }
            // BUSY: every decoding thread is taken; the caller may retry shortly.
            throw GrpcErrors.resourceExhausted("Image decoding is at capacity: " + e.getMessage(), e.reason().name(),
                    java.time.Duration.ofMillis(200));
        }
    }

    /** Decodes the image and reads its text lines (PP-OCR detection, angle classification, recognition). */
    @Override
    @Blocking
    public void readText(ReadTextRequest request, StreamObserver<ReadTextResponse> observer) {
        try {
            float minConfidence = request.getMinConfidence();
            if (!(minConfidence >= 0 && minConfidence <= 1)) {
                throw GrpcErrors.invalidArgument("INVALID_OPTION", "min_confidence",
                        "must be in [0, 1], was " + minConfidence);
            }
            TextReader reader = models.reader();
            RequestScope scope = GrpcRequestScopes.current();
            DecodedImage image = decode(request.getImage());
            reader.read(image.pixels(), minConfidence, scope).whenComplete((lines, error) -> {
                if (error != null) {
                    observer.onError(GrpcErrors.toStatusRuntimeException(error));
                } else {
                    observer.onNext(ReadTextResponse.newBuilder()
                            .addAllLines(lines.stream().map(VisionProtoMapper::textLine).toList())
                            .setImage(VisionProtoMapper.imageInfo(image))
                            .build());
                    observer.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatusRuntimeException(e));
        }
    }

    @Override
    public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
        observer.onError(notInstalled(EMBED_IMAGES_UNAVAILABLE));
    }

    /**
     * Image to text: the distinct object labels (best first) and the recognised lines, run in parallel on one
     * decode. This is how an image enters the text space through the gateway.
     */
    @Override
    @Blocking
    public void describeImage(DescribeImageRequest request, StreamObserver<DescribeImageResponse> observer) {
        try {
            float minTagScore = request.getMinTagScore();
            if (!(minTagScore >= 0 && minTagScore <= 1)) {
                throw GrpcErrors.invalidArgument("INVALID_OPTION", "min_tag_score",
                        "must be in [0, 1], was " + minTagScore);
            }
            ObjectDetector detector = models.detector();
            TextReader reader = models.reader();
            RequestScope scope = GrpcRequestScopes.current();
            DecodedImage image = decode(request.getImage());
            var objects = detector.detect(image.pixels(), new DetectOptions(minTagScore, 0, 0), scope);
            var lines = reader.read(image.pixels(), 0, scope);
            objects.thenCombine(lines, (detections, textLines) -> VisionProtoMapper.description(
                            detections, textLines, image))
                    .whenComplete((response, error) -> {
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
        ListModelsResponse.Builder response = ListModelsResponse.newBuilder()
                .setLimits(ServiceLimits.newBuilder()
                        .addLimits(Limit.newBuilder()
                                .setName("max_request_bytes")
                                .setValue(maxInboundMessageBytes)
                                .setUnit("bytes")
                                .setDescription("Largest gRPC message the service reads"))
                        .addLimits(Limit.newBuilder()
                                .setName("max_image_bytes")
                                .setValue(config.maxImageBytes())
                                .setUnit("bytes")
                                .setDescription("Largest encoded image, checked before parsing"))
                        .addLimits(Limit.newBuilder()
                                .setName("max_image_pixels")
                                .setValue(config.maxImagePixels())
                                .setUnit("pixels")
                                .setDescription("Most pixels an image may have, read from its header before decoding")));
        models.detectorDescriptor().ifPresent(d -> response.addModels(VisionProtoMapper.modelInfo(d,
                models.states().get(d.name()), models.states().get(d.name()).state()
                        == io.crossmodal.runtime.health.ModelStates.State.READY
                        ? models.detector().batching() : null)));
        models.loadedReader().ifPresent(r -> r.models().forEach(d -> response.addModels(VisionProtoMapper.modelInfo(
                d, models.states().get(VisionModels.OCR), r.batching(d.name())))));
        observer.onNext(response.build());
        observer.onCompleted();
    }

    private static RuntimeException notInstalled(String message) {
        return GrpcErrors.error(Status.Code.UNIMPLEMENTED, message, MODEL_NOT_INSTALLED);
    }
}
