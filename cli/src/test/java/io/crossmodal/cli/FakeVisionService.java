package io.crossmodal.cli;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.BoundingBox;
import io.crossmodal.common.v1.DistanceMetric;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.DetectedObject;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ImageInfo;
import io.crossmodal.vision.v1.ImageTask;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import io.crossmodal.vision.v1.TextLine;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double of the vision service on a real grpc-java Netty server (a free loopback port), so the CLI is tested
 * over the wire as it talks to the real service. It records every request and answers canned results; it does
 * not decode images, it only reads a PNG's width and height from its header so each file gets its own ImageInfo.
 *
 * <p>Triggers: DetectObjects with min_score over 1 fails the call with INVALID_ARGUMENT (BadRequest, ErrorInfo);
 * an EmbedImages item that is not a PNG fails that item; AnalyzeImageStream with client id {@link #TEXT_DOWN}
 * fails the text task (UNAVAILABLE, RetryInfo), and with client id {@link #REFUSE} fails the call at the header.
 */
final class FakeVisionService implements AutoCloseable {

    static final String SPACE = "fake-centernet@3.0.4#r1";
    static final String TEXT_DOWN = "text-down";
    static final String REFUSE = "refuse";
    /** Images 451 pixels wide (chelsea.png) embed as X, the others as 0.6 X + 0.8 Y: their cosine is 0.6. */
    static final float[] WIDTH_451 = {1f, 0f, 0f, 0f, 0f, 0f};

    static final float[] OTHER = {0.6f, 0.8f, 0f, 0f, 0f, 0f};

    /** Every call of any method, so a test can check that none was made. */
    final AtomicInteger calls = new AtomicInteger();

    final AtomicReference<Deadline> lastDeadline = new AtomicReference<>();
    final List<DetectObjectsRequest> detects = new CopyOnWriteArrayList<>();
    final List<ReadTextRequest> reads = new CopyOnWriteArrayList<>();
    final List<DescribeImageRequest> describes = new CopyOnWriteArrayList<>();
    final List<EmbedImagesRequest> embeds = new CopyOnWriteArrayList<>();
    /** The messages of each AnalyzeImageStream call, in the order they arrived. */
    final List<List<AnalyzeImageChunk>> analyses = new CopyOnWriteArrayList<>();

    private final Server server;

    FakeVisionService() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service())
                .build()
                .start();
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    static boolean isPng(ByteString data) {
        return data.size() >= 24 && data.byteAt(1) == 'P' && data.byteAt(2) == 'N' && data.byteAt(3) == 'G';
    }

    /** Width and height from the PNG's IHDR chunk; 0 x 0 for anything else. */
    static ImageInfo info(ByteString data) {
        if (!isPng(data)) {
            return ImageInfo.newBuilder().setFormat("unknown").build();
        }
        ByteBuffer header = data.substring(16, 24).asReadOnlyByteBuffer();
        return ImageInfo.newBuilder()
                .setWidth(header.getInt())
                .setHeight(header.getInt())
                .setFormat("png")
                .setFrameCount(1)
                .build();
    }

    static List<DetectedObject> objects() {
        return List.of(
                DetectedObject.newBuilder()
                        .setLabel("cat")
                        .setClassId(16)
                        .setScore(0.525f)
                        .setBox(box(0f, 3.3f, 412.1f, 296.9f))
                        .build(),
                DetectedObject.newBuilder()
                        .setLabel("couch")
                        .setClassId(57)
                        .setScore(0.25f)
                        .setBox(box(1.04f, 2f, 300f, 299.96f))
                        .build());
    }

    static List<TextLine> lines() {
        return List.of(
                TextLine.newBuilder()
                        .setText("OPEN 24 HOURS")
                        .setConfidence(0.987f)
                        .setBox(box(10f, 20f, 110f, 40f))
                        .build(),
                TextLine.newBuilder()
                        .setText("咖啡")
                        .setConfidence(0.9f)
                        .setAngleDegrees(12f)
                        .setBox(box(5f, 50.25f, 60f, 80f))
                        .build());
    }

    static Embedding embedding(ImageInfo image) {
        float[] v = image.getWidth() == 451 ? WIDTH_451 : OTHER;
        Embedding.Builder e = Embedding.newBuilder().setSpaceId(SPACE).setDimension(v.length);
        for (float x : v) {
            e.addValues(x);
        }
        return e.build();
    }

    static EmbeddingSpace space() {
        return EmbeddingSpace.newBuilder()
                .setId(SPACE)
                .setModel("fake-centernet")
                .setVersion("3.0.4")
                .setPreprocessingRevision("r1")
                .setDimension(6)
                .addModalities(Modality.MODALITY_IMAGE)
                .setMetric(DistanceMetric.DISTANCE_METRIC_COSINE)
                .setNormalized(true)
                .build();
    }

    private static BoundingBox box(float x0, float y0, float x1, float y1) {
        return BoundingBox.newBuilder()
                .setXMin(x0)
                .setYMin(y0)
                .setXMax(x1)
                .setYMax(y1)
                .build();
    }

    private static StatusRuntimeException invalid(String message, String field, String reason) {
        return StatusProto.toStatusRuntimeException(invalidStatus(message, field, reason));
    }

    private static com.google.rpc.Status invalidStatus(String message, String field, String reason) {
        return com.google.rpc.Status.newBuilder()
                .setCode(io.grpc.Status.Code.INVALID_ARGUMENT.value())
                .setMessage(message)
                .addDetails(Any.pack(BadRequest.newBuilder()
                        .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                                .setField(field)
                                .setDescription(message))
                        .build()))
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain("crossmodal.io")
                        .build()))
                .build();
    }

    private static final com.google.rpc.Status OK =
            com.google.rpc.Status.newBuilder().setCode(0).build();

    private final class Service extends VisionServiceGrpc.VisionServiceImplBase {

        private void record() {
            calls.incrementAndGet();
            lastDeadline.set(Context.current().getDeadline());
        }

        @Override
        public void detectObjects(DetectObjectsRequest request, StreamObserver<DetectObjectsResponse> observer) {
            record();
            detects.add(request);
            if (request.getMinScore() > 1f) {
                observer.onError(invalid(
                        "min_score must be in [0, 1], got " + request.getMinScore(), "min_score", "INVALID_OPTION"));
                return;
            }
            observer.onNext(DetectObjectsResponse.newBuilder()
                    .addAllObjects(objects())
                    .setImage(info(request.getImage().getData()))
                    .setModel(request.getModel().isEmpty() ? "fake-centernet" : request.getModel())
                    .build());
            observer.onCompleted();
        }

        @Override
        public void readText(ReadTextRequest request, StreamObserver<ReadTextResponse> observer) {
            record();
            reads.add(request);
            observer.onNext(ReadTextResponse.newBuilder()
                    .addAllLines(lines())
                    .setImage(info(request.getImage().getData()))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void describeImage(DescribeImageRequest request, StreamObserver<DescribeImageResponse> observer) {
            record();
            describes.add(request);
            observer.onNext(DescribeImageResponse.newBuilder()
                    .setDescription("cat, couch. Text: OPEN 24 HOURS")
                    .addTags("cat")
                    .addTags("couch")
                    .addAllTextLines(lines())
                    .setImage(info(request.getImage().getData()))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
            record();
            embeds.add(request);
            EmbedImagesResponse.Builder response =
                    EmbedImagesResponse.newBuilder().addSpaces(space());
            for (int i = 0; i < request.getImagesCount(); i++) {
                Media image = request.getImages(i);
                if (!isPng(image.getData())) {
                    response.addResults(EmbedImageResult.newBuilder()
                            .setStatus(invalidStatus(
                                    "images[" + i + "].data: not a supported image",
                                    "images[" + i + "].data",
                                    "UNDECODABLE")));
                    continue;
                }
                ImageInfo info = info(image.getData());
                response.addResults(EmbedImageResult.newBuilder()
                        .setStatus(OK)
                        .setEmbedding(embedding(info))
                        .setImage(info));
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }

        @Override
        public StreamObserver<AnalyzeImageChunk> analyzeImageStream(StreamObserver<AnalyzeImageResponse> observer) {
            record();
            List<AnalyzeImageChunk> received = new CopyOnWriteArrayList<>();
            analyses.add(received);
            return new StreamObserver<>() {
                private boolean refused;

                @Override
                public void onNext(AnalyzeImageChunk chunk) {
                    received.add(chunk);
                    if (!refused
                            && chunk.hasHeader()
                            && chunk.getHeader().getUpload().getClientId().equals(REFUSE)) {
                        refused = true;
                        observer.onError(invalid(
                                "declared " + chunk.getHeader().getUpload().getTotalBytes()
                                        + " bytes; images may have at most 1000",
                                "header.upload.total_bytes",
                                "TOO_LARGE_BYTES"));
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {
                    if (refused) {
                        return;
                    }
                    AnalyzeImageHeader header = received.get(0).getHeader();
                    ByteString data = ByteString.EMPTY;
                    for (AnalyzeImageChunk c : received.subList(1, received.size())) {
                        data = data.concat(c.getData());
                    }
                    observer.onNext(analyze(header, info(data)));
                    observer.onCompleted();
                }
            };
        }

        private AnalyzeImageResponse analyze(AnalyzeImageHeader header, ImageInfo image) {
            Set<ImageTask> tasks = header.getTasksCount() == 0
                    ? EnumSet.of(
                            ImageTask.IMAGE_TASK_DETECT_OBJECTS,
                            ImageTask.IMAGE_TASK_READ_TEXT,
                            ImageTask.IMAGE_TASK_EMBED,
                            ImageTask.IMAGE_TASK_DESCRIBE)
                    : EnumSet.copyOf(header.getTasksList());
            AnalyzeImageResponse.Builder r = AnalyzeImageResponse.newBuilder()
                    .setImage(image)
                    .setClientId(header.getUpload().getClientId());
            if (tasks.contains(ImageTask.IMAGE_TASK_DETECT_OBJECTS)) {
                r.setObjectsStatus(OK).addAllObjects(objects());
            }
            if (tasks.contains(ImageTask.IMAGE_TASK_READ_TEXT)) {
                if (header.getUpload().getClientId().equals(TEXT_DOWN)) {
                    r.setTextStatus(com.google.rpc.Status.newBuilder()
                            .setCode(io.grpc.Status.Code.UNAVAILABLE.value())
                            .setMessage("model ocr is loading")
                            .addDetails(Any.pack(RetryInfo.newBuilder()
                                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                            .setSeconds(2))
                                    .build())));
                } else {
                    r.setTextStatus(OK).addAllTextLines(lines());
                }
            }
            if (tasks.contains(ImageTask.IMAGE_TASK_EMBED)) {
                r.setEmbeddingStatus(OK).setEmbedding(embedding(image));
            }
            if (tasks.contains(ImageTask.IMAGE_TASK_DESCRIBE)) {
                r.setDescriptionStatus(OK).setDescription("cat, couch. Text: OPEN 24 HOURS");
            }
            return r.build();
        }

        @Override
        public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
            record();
            List<ModelInfo> models = new ArrayList<>();
            models.add(ModelInfo.newBuilder()
                    .setName("fake-centernet")
                    .setVersion("3.0.4")
                    .setEngine("TensorFlow")
                    .setTask("object-detection")
                    .setModality(Modality.MODALITY_IMAGE)
                    .setSpace(space())
                    .setBatching(BatchingConfig.newBuilder()
                            .setMaxBatchSize(8)
                            .setMaxQueueDelayMs(5)
                            .setMaxBatchCost(4_000_000)
                            .setCostUnit("pixels"))
                    .setState(ModelState.MODEL_STATE_READY)
                    .setIsDefault(true)
                    .build());
            models.add(ModelInfo.newBuilder()
                    .setName("fake-ocr")
                    .setVersion("1.0")
                    .setEngine("OnnxRuntime")
                    .setTask("ocr")
                    .setModality(Modality.MODALITY_IMAGE)
                    .setState(ModelState.MODEL_STATE_LOADING)
                    .setStateMessage("warming up")
                    .build());
            observer.onNext(ListModelsResponse.newBuilder()
                    .addAllModels(models)
                    .setLimits(ServiceLimits.newBuilder()
                            .addLimits(Limit.newBuilder()
                                    .setName("max_image_pixels")
                                    .setValue(40_000_000)
                                    .setUnit("pixels")
                                    .setDescription("Most pixels an image may have, read from its header"))
                            .addLimits(Limit.newBuilder()
                                    .setName("max_items_per_call")
                                    .setValue(64)
                                    .setUnit("items")))
                    .build());
            observer.onCompleted();
        }
    }
}
