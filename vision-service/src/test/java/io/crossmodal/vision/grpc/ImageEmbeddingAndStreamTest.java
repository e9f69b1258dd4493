package io.crossmodal.vision.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.UploadHeader;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ImageTask;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** EmbedImages and AnalyzeImageStream through the real gRPC server on the real CenterNet and PP-OCR models. */
@QuarkusTest
class ImageEmbeddingAndStreamTest {

    private static final int PORT = 19092;

    private static ManagedChannel channel;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestKit.channel(PORT);
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3));
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static VisionServiceGrpc.VisionServiceBlockingStub vision() {
        return VisionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static byte[] file(String name) throws Exception {
        return Files.readAllBytes(Path.of("..", "testdata", "images", name));
    }

    static Media media(byte[] data, String mimeType) {
        return Media.newBuilder()
                .setData(ByteString.copyFrom(data))
                .setMimeType(mimeType)
                .build();
    }

    /** chelsea.png scaled to 70 %, cropped by a tenth on the right and stored as JPEG: the same scene, other bytes. */
    static byte[] chelseaVariant() throws Exception {
        BufferedImage original =
                ImageIO.read(Path.of("..", "testdata", "images", "chelsea.png").toFile());
        int w = (int) (original.getWidth() * 0.7);
        int h = (int) (original.getHeight() * 0.7);
        BufferedImage scaled = new BufferedImage(w - w / 10, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, w, h, null);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(scaled, "jpeg", jpeg);
        return jpeg.toByteArray();
    }

    static double cosine(Embedding a, Embedding b) {
        double dot = 0;
        for (int i = 0; i < a.getValuesCount(); i++) {
            dot += a.getValues(i) * b.getValues(i);
        }
        return dot;
    }

    static float[] values(Embedding e) {
        float[] v = new float[e.getValuesCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = e.getValues(i);
        }
        return v;
    }

    @Test
    void embedImagesGivesUnitVectorsThatMeasureVisualSimilarityAndAreRepeatable() throws Exception {
        byte[] chelsea = file("chelsea.png");
        EmbedImagesResponse r = vision().embedImages(EmbedImagesRequest.newBuilder()
                .addImages(media(chelsea, "image/png"))
                .addImages(media(chelsea, "image/png"))
                .addImages(media(chelseaVariant(), "image/jpeg"))
                .addImages(media(file("astronaut.png"), "image/png"))
                .build());
        assertEquals(4, r.getResultsCount());
        assertEquals(1, r.getSpacesCount());
        assertEquals("centernet@3.0.4#r1", r.getSpaces(0).getId());
        assertEquals(480, r.getSpaces(0).getDimension());
        assertTrue(r.getSpaces(0).getNormalized());
        for (var result : r.getResultsList()) {
            assertEquals(
                    Status.Code.OK.value(),
                    result.getStatus().getCode(),
                    result.getStatus().toString());
            assertEquals("centernet@3.0.4#r1", result.getEmbedding().getSpaceId());
            assertEquals(480, result.getEmbedding().getValuesCount());
            assertEquals(1.0, Math.sqrt(cosine(result.getEmbedding(), result.getEmbedding())), 1e-5);
        }
        assertEquals(451, r.getResults(0).getImage().getWidth());
        assertEquals("jpeg", r.getResults(2).getImage().getFormat());

        Embedding first = r.getResults(0).getEmbedding();
        assertArrayEquals(
                values(first),
                values(r.getResults(1).getEmbedding()),
                0f,
                "the same image sent twice gives identical vectors");
        double sameScene = cosine(first, r.getResults(2).getEmbedding());
        double otherScene = cosine(first, r.getResults(3).getEmbedding());
        assertTrue(sameScene > otherScene + 0.1, "same scene " + sameScene + " vs other scene " + otherScene);
        assertTrue(sameScene > 0.8, "a rescaled, re-encoded copy stays close: " + sameScene);
    }

    @Test
    void aCorruptImageFailsOnlyItsOwnItem() throws Exception {
        byte[] chelsea = file("chelsea.png");
        byte[] truncated = java.util.Arrays.copyOf(chelsea, chelsea.length / 3);
        EmbedImagesResponse r = vision().embedImages(EmbedImagesRequest.newBuilder()
                .addImages(media(truncated, "image/png"))
                .addImages(media(chelsea, "image/png"))
                .build());
        assertInvalid(r.getResults(0).getStatus(), "CORRUPT", "images[0]");
        assertEquals(Status.Code.OK.value(), r.getResults(1).getStatus().getCode());
        assertEquals(480, r.getResults(1).getEmbedding().getValuesCount());
    }

    @Test
    void embedImagesRefusesEmptyAndOversizedCallsAndUnknownModels() {
        StatusRuntimeException empty = assertThrows(
                StatusRuntimeException.class, () -> vision().embedImages(EmbedImagesRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        Media tiny = media(new byte[] {1, 2, 3}, "image/png");
        EmbedImagesRequest.Builder many = EmbedImagesRequest.newBuilder();
        for (int i = 0; i < 33; i++) {
            many.addImages(tiny);
        }
        StatusRuntimeException tooMany =
                assertThrows(StatusRuntimeException.class, () -> vision().embedImages(many.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooMany.getStatus().getCode());
        assertTrue(tooMany.getStatus().getDescription().contains("at most 32"), tooMany.getMessage());
        StatusRuntimeException unknown = assertThrows(
                StatusRuntimeException.class,
                () -> vision().embedImages(EmbedImagesRequest.newBuilder()
                        .addImages(tiny)
                        .setModel("yolo")
                        .build()));
        assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
    }

    /** A stream's outcome: its one response, or its error. */
    record Outcome(AnalyzeImageResponse response, Throwable error) {}

    /** Starts a stream; the returned future completes with the response or the error. */
    static StreamObserver<AnalyzeImageChunk> open(CompletableFuture<Outcome> outcome, AtomicInteger messages) {
        return VisionServiceGrpc.newStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .analyzeImageStream(new StreamObserver<>() {
                    private AnalyzeImageResponse response;

                    @Override
                    public void onNext(AnalyzeImageResponse value) {
                        messages.incrementAndGet();
                        response = value;
                    }

                    @Override
                    public void onError(Throwable t) {
                        messages.incrementAndGet();
                        outcome.complete(new Outcome(null, t));
                    }

                    @Override
                    public void onCompleted() {
                        outcome.complete(new Outcome(response, null));
                    }
                });
    }

    static AnalyzeImageChunk header(long totalBytes, ImageTask... tasks) {
        return AnalyzeImageChunk.newBuilder()
                .setHeader(AnalyzeImageHeader.newBuilder()
                        .setUpload(UploadHeader.newBuilder()
                                .setMimeType("image/png")
                                .setTotalBytes(totalBytes)
                                .setClientId("stream-test"))
                        .addAllTasks(List.of(tasks)))
                .build();
    }

    static void sendInChunks(StreamObserver<AnalyzeImageChunk> upload, byte[] data, int chunk) {
        for (int offset = 0; offset < data.length; offset += chunk) {
            upload.onNext(AnalyzeImageChunk.newBuilder()
                    .setData(ByteString.copyFrom(data, offset, Math.min(chunk, data.length - offset)))
                    .build());
        }
    }

    @Test
    void analyzeImageStreamRunsEveryTaskOnOneChunkedUpload() throws Exception {
        byte[] chelsea = file("chelsea.png");
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> upload = open(outcome, new AtomicInteger());
        upload.onNext(header(chelsea.length));
        sendInChunks(upload, chelsea, 16 * 1024);
        upload.onCompleted();
        Outcome o = outcome.get(60, TimeUnit.SECONDS);
        assertEquals(null, o.error(), String.valueOf(o.error()));
        AnalyzeImageResponse r = o.response();
        assertEquals("stream-test", r.getClientId());
        assertEquals(451, r.getImage().getWidth());
        for (com.google.rpc.Status s :
                List.of(r.getObjectsStatus(), r.getTextStatus(), r.getEmbeddingStatus(), r.getDescriptionStatus())) {
            assertEquals(Status.Code.OK.value(), s.getCode(), r.toString());
        }
        assertEquals("cat", r.getObjects(0).getLabel());
        assertTrue(r.getDescription().startsWith("cat"), r.getDescription());
        EmbedImagesResponse unary = vision().embedImages(EmbedImagesRequest.newBuilder()
                .addImages(media(chelsea, "image/png"))
                .build());
        assertArrayEquals(
                values(unary.getResults(0).getEmbedding()),
                values(r.getEmbedding()),
                0f,
                "the streamed image embeds exactly like the unary one");
    }

    @Test
    void analyzeImageStreamRunsOnlyTheRequestedTasksAndAcceptsAnUndeclaredSize() throws Exception {
        byte[] astronaut = file("astronaut.png");
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> upload = open(outcome, new AtomicInteger());
        upload.onNext(header(0, ImageTask.IMAGE_TASK_DETECT_OBJECTS));
        sendInChunks(upload, astronaut, 100_000);
        upload.onCompleted();
        AnalyzeImageResponse r = outcome.get(60, TimeUnit.SECONDS).response();
        assertEquals("person", r.getObjects(0).getLabel(), r.toString());
        assertTrue(!r.hasEmbeddingStatus() && !r.hasTextStatus() && !r.hasDescriptionStatus(), r.toString());
        assertEquals(0, r.getEmbedding().getValuesCount());
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedAtTheHeaderBeforeAnyData() throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        AtomicInteger messages = new AtomicInteger();
        StreamObserver<AnalyzeImageChunk> upload = open(outcome, messages);
        upload.onNext(header(20_971_521L));
        // the refusal arrives while the client is still uploading, before it sends data or half-closes
        Throwable refused = outcome.get(10, TimeUnit.SECONDS).error();
        assertInvalid(refused, "TOO_LARGE_BYTES", "header.upload.total_bytes");
        upload.onNext(AnalyzeImageChunk.newBuilder()
                .setData(ByteString.copyFrom(new byte[1000]))
                .build());
        upload.onCompleted();
        await("one error, nothing after it")
                .during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(1))
                .until(() -> messages.get() == 1);
        assertEquals(1, messages.get(), "one error, nothing after it");
    }

    @Test
    void anUndeclaredUploadIsCutOffAtTheByteLimit() throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> upload = open(outcome, new AtomicInteger());
        upload.onNext(header(0));
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < 21 && !outcome.isDone(); i++) {
            upload.onNext(AnalyzeImageChunk.newBuilder()
                    .setData(ByteString.copyFrom(chunk))
                    .build());
        }
        assertInvalid(outcome.get(10, TimeUnit.SECONDS).error(), "TOO_LARGE_BYTES", "data");
        upload.onCompleted();
    }

    @Test
    void protocolViolationsAreInvalidArgument() throws Exception {
        byte[] chelsea = file("chelsea.png");
        // data before the header
        CompletableFuture<Outcome> noHeader = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> a = open(noHeader, new AtomicInteger());
        a.onNext(AnalyzeImageChunk.newBuilder()
                .setData(ByteString.copyFrom(chelsea))
                .build());
        a.onCompleted();
        assertInvalid(noHeader.get(10, TimeUnit.SECONDS).error(), "PROTOCOL", "header");
        // fewer bytes than declared
        CompletableFuture<Outcome> short_ = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> b = open(short_, new AtomicInteger());
        b.onNext(header(chelsea.length + 10L));
        sendInChunks(b, chelsea, 50_000);
        b.onCompleted();
        assertInvalid(short_.get(10, TimeUnit.SECONDS).error(), "SIZE_MISMATCH", "data");
        // a header and no data at all
        CompletableFuture<Outcome> empty = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> c = open(empty, new AtomicInteger());
        c.onNext(header(0));
        c.onCompleted();
        assertInvalid(empty.get(10, TimeUnit.SECONDS).error(), "EMPTY", "data");
        // a corrupt image
        CompletableFuture<Outcome> corrupt = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> d = open(corrupt, new AtomicInteger());
        d.onNext(header(0));
        sendInChunks(d, java.util.Arrays.copyOf(chelsea, 5000), 1000);
        d.onCompleted();
        assertInvalid(corrupt.get(10, TimeUnit.SECONDS).error(), "CORRUPT", "data");
    }

    static void assertInvalid(Throwable error, String reason, String field) {
        assertTrue(error != null, "expected an error");
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        assertTrue(status != null, "no rich status in " + error);
        assertInvalid(status, reason, field);
    }

    /** INVALID_ARGUMENT with ErrorInfo {@code reason} and a BadRequest violation on {@code field}. */
    static void assertInvalid(com.google.rpc.Status status, String reason, String field) {
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), status.getCode(), status.toString());
        assertEquals(
                field, detail(status, BadRequest.class).getFieldViolations(0).getField(), status.toString());
        assertEquals(reason, detail(status, ErrorInfo.class).getReason(), status.toString());
    }

    static <T extends com.google.protobuf.Message> T detail(com.google.rpc.Status status, Class<T> type) {
        return status.getDetailsList().stream()
                .filter(d -> d.is(type))
                .map(d -> {
                    try {
                        return d.unpack(type);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + status));
    }
}
