package io.crossmodal.vision.grpc;

import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.servicekit.grpc.GrpcRequestScopes;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.servicekit.health.ModelStates;
import io.crossmodal.vision.config.VisionServiceConfig;
import io.crossmodal.vision.decode.DecodedImage;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.describe.ImageDescription;
import io.crossmodal.vision.detect.DetectOptions;
import io.crossmodal.vision.detect.Detection;
import io.crossmodal.vision.detect.EmbeddingSpec;
import io.crossmodal.vision.detect.ObjectDetector;
import io.crossmodal.vision.embed.ImageEmbedder;
import io.crossmodal.vision.inference.ImageIntake;
import io.crossmodal.vision.inference.PixelBudgetExceededException;
import io.crossmodal.vision.inference.VisionModels;
import io.crossmodal.vision.ocr.TextLine;
import io.crossmodal.vision.ocr.TextReader;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vision service's gRPC front: converts requests, takes images in through {@link ImageIntake} (decode limits,
 * in-flight pixel budget), calls the models, converts replies. Every decoded image is released from the pixel
 * budget when its call completes, whatever the outcome.
 */
@GrpcService
public class VisionGrpcService extends VisionServiceGrpc.VisionServiceImplBase {

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
            ImageIntake.Admitted image = admit(request.getImage(), "image");
            complete(image.use(decoded -> detector.detect(decoded.pixels(), options, scope)), observer,
                    detections -> DetectObjectsResponse.newBuilder()
                            .addAllObjects(detections.stream().map(VisionProtoMapper::detectedObject).toList())
                            .setImage(VisionProtoMapper.imageInfo(image.image()))
                            .setModel(detector.descriptor().name())
                            .build());
        } catch (RuntimeException e) {
            observer.onError(toStatusRuntimeException(e));
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
            ImageIntake.Admitted image = admit(request.getImage(), "image");
            complete(image.use(decoded -> reader.read(decoded.pixels(), minConfidence, scope)), observer,
                    lines -> ReadTextResponse.newBuilder()
                            .addAllLines(lines.stream().map(VisionProtoMapper::textLine).toList())
                            .setImage(VisionProtoMapper.imageInfo(image.image()))
                            .build());
        } catch (RuntimeException e) {
            observer.onError(toStatusRuntimeException(e));
        }
    }

    /**
     * Embeds each image in the detector's vision space (pooled backbone features: visual similarity, not a space
     * shared with text). An image the decoder refuses gets its own INVALID_ARGUMENT status; overload fails the
     * call with RESOURCE_EXHAUSTED.
     */
    @Override
    @Blocking
    public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
        try {
            models.requireKnownDetectionModel(request.getModel());
            if (request.getImagesCount() == 0) {
                throw GrpcErrors.invalidArgument("EMPTY", "images", "at least one image is required");
            }
            if (request.getImagesCount() > config.maxImagesPerCall()) {
                throw GrpcErrors.invalidArgument("TOO_MANY_ITEMS", "images", request.getImagesCount()
                        + " images; at most " + config.maxImagesPerCall() + " per call (max_images_per_call)");
            }
            ObjectDetector detector = models.detector();
            EmbeddingSpec space = detector.embedding().orElseThrow(() -> GrpcErrors.error(Status.Code.UNIMPLEMENTED,
                    "Model " + detector.descriptor() + " gives no image embedding (no embedding.output)",
                    "MODEL_NOT_INSTALLED"));
            List<ImageEmbedder.Input> inputs = request.getImagesList().stream()
                    .map(m -> new ImageEmbedder.Input(m.getData().asReadOnlyByteBuffer(), m.getMimeType()))
                    .toList();
            ImageEmbedder.embed(models.intake(), detector, inputs, GrpcRequestScopes.current())
                    .whenComplete((results, error) -> {
                        if (error != null) {
                            observer.onError(toStatusRuntimeException(error));
                            return;
                        }
                        EmbedImagesResponse.Builder response = EmbedImagesResponse.newBuilder()
                                .addSpaces(VisionProtoMapper.space(detector, space));
                        for (int i = 0; i < results.size(); i++) {
                            ImageEmbedder.Result r = results.get(i);
                            EmbedImageResult.Builder item = EmbedImageResult.newBuilder();
                            if (r.rejected() != null) {
                                item.setStatus(GrpcErrors.invalidArgumentStatus(r.rejected().reason().name(),
                                        "images[" + i + "]", r.rejected().getMessage()));
                            } else {
                                item.setStatus(GrpcErrors.ok())
                                        .setEmbedding(VisionProtoMapper.embedding(space.spaceId(), r.vector()))
                                        .setImage(VisionProtoMapper.imageInfo(r.image()));
                            }
                            response.addResults(item);
                        }
                        observer.onNext(response.build());
                        observer.onCompleted();
                    });
        } catch (ImageDecodeException e) {
            observer.onError(decodeError(e, "images"));
        } catch (RuntimeException e) {
            observer.onError(toStatusRuntimeException(e));
        }
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
            ImageIntake.Admitted image = admit(request.getImage(), "image");
            complete(image.use(decoded -> describe(detector, reader, decoded, minTagScore, scope)), observer,
                    description -> VisionProtoMapper.description(description, image.image()));
        } catch (RuntimeException e) {
            observer.onError(toStatusRuntimeException(e));
        }
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
        ListModelsResponse.Builder response = ListModelsResponse.newBuilder()
                .setLimits(ServiceLimits.newBuilder()
                        .addLimits(limit("max_request_bytes", maxInboundMessageBytes, "bytes",
                                "Largest gRPC message the service reads"))
                        .addLimits(limit("max_image_bytes", config.maxImageBytes(), "bytes",
                                "Largest encoded image, checked before parsing"))
                        .addLimits(limit("max_image_pixels", config.maxImagePixels(), "pixels",
                                "Most pixels an image may have, read from its header before decoding"))
                        .addLimits(limit("max_items_per_call", config.maxImagesPerCall(), "items",
                                "Most images one EmbedImages call may carry"))
                        .addLimits(limit("max_pixels_in_flight", models.intake().budget().capacity(), "pixels",
                                "Most decoded pixels all calls in flight may hold; beyond it RESOURCE_EXHAUSTED"))
                        .addLimits(limit("decode_timeout", config.decodeTimeout().toMillis(), "milliseconds",
                                "Longest one image may take to decode before it is refused")));
        models.detectorDescriptor().ifPresent(d -> {
            ModelStates.Entry state = models.states().get(d.name());
            boolean ready = state.state() == ModelStates.State.READY;
            ModelInfo.Builder info = VisionProtoMapper.modelInfo(d, state, ready ? models.detector().batching() : null)
                    .toBuilder();
            if (ready) {
                models.detector().embedding().ifPresent(e -> info.setSpace(
                        VisionProtoMapper.space(models.detector(), e)));
            }
            response.addModels(info);
        });
        models.loadedReader().ifPresent(r -> r.models().forEach(d -> response.addModels(VisionProtoMapper.modelInfo(
                d, models.states().get(VisionModels.OCR), r.batching(d.name())))));
        observer.onNext(response.build());
        observer.onCompleted();
    }

    private static Limit limit(String name, long value, String unit, String description) {
        return Limit.newBuilder().setName(name).setValue(value).setUnit(unit).setDescription(description).build();
    }

    /** Decodes and admits {@code media}; errors are already gRPC errors naming {@code field}. */
    private ImageIntake.Admitted admit(Media media, String field) {
        try {
            return models.intake().decode(media.getData().asReadOnlyByteBuffer(), media.getMimeType());
        } catch (ImageDecodeException e) {
            throw decodeError(e, field);
        }
    }

    /**
     * INVALID_ARGUMENT with a BadRequest on {@code field} for anything wrong with the image, CANCELLED when the
     * call went away, RESOURCE_EXHAUSTED (retry shortly) when every decoding thread is taken.
     */
    static StatusRuntimeException decodeError(ImageDecodeException e, String field) {
        if (e.reason().clientError()) {
            return GrpcErrors.invalidArgument(e.reason().name(), field, e.getMessage());
        }
        if (e.reason() == ImageDecodeException.Reason.CANCELLED) {
            return GrpcErrors.error(Status.Code.CANCELLED, e.getMessage(), e.reason().name());
        }
        return GrpcErrors.resourceExhausted("Image decoding is at capacity: " + e.getMessage(), e.reason().name(),
                Duration.ofMillis(200));
    }

    /** {@link GrpcErrors#toStatusRuntimeException} plus the vision service's own overload: the pixel budget. */
    static StatusRuntimeException toStatusRuntimeException(Throwable error) {
        Throwable e = error;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof PixelBudgetExceededException full) {
            return GrpcErrors.resourceExhausted(full.getMessage(), "PIXEL_BUDGET", Duration.ofMillis(500));
        }
        return GrpcErrors.toStatusRuntimeException(e);
    }

    /**
     * Objects and text lines of one image, run in parallel. When the reader refuses the image (its queue is full)
     * after the detector took it, the call fails once that detection is done with the image, so the image's pixels
     * are not given back while the detector's queue still holds it.
     */
    private static CompletableFuture<ImageDescription> describe(ObjectDetector detector, TextReader reader,
            DecodedImage image, float minTagScore, RequestScope scope) {
        CompletableFuture<List<Detection>> objects =
                detector.detect(image.pixels(), new DetectOptions(minTagScore, 0, 0), scope);
        CompletableFuture<List<TextLine>> lines;
        try {
            lines = reader.read(image.pixels(), 0, scope);
        } catch (RuntimeException e) {
            return objects.handle((ignored, detectionError) -> {
                throw e;
            });
        }
        return objects.thenCombine(lines, ImageDescription::of);
    }

    /** Answers from {@code result} (which gives the image back to the pixel budget as it completes). */
    private static <T, R> void complete(CompletableFuture<T> result, StreamObserver<R> observer,
            Function<T, R> toResponse) {
        result.whenComplete((value, error) -> {
            if (error != null) {
                observer.onError(toStatusRuntimeException(error));
                return;
            }
            R response;
            try {
                response = toResponse.apply(value);
            } catch (RuntimeException e) {
                observer.onError(toStatusRuntimeException(e));
                return;
            }
            observer.onNext(response);
            observer.onCompleted();
        });
    }
}
