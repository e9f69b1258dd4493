package io.crossmodal.vision.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.common.v1.BoundingBox;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vision service over real gRPC on the real CenterNet model: health, reflection and metrics, object detection on
 * the sample images, refusal of hostile and invalid input, and UNIMPLEMENTED (not invented results) for the tasks
 * whose models are not wired in yet.
 */
@QuarkusTest
class VisionServiceTest {

    /** gRPC test port (%test.quarkus.grpc.server.test-port). */
    private static final int PORT = 19092;
    /** HTTP test port for metrics (%test.quarkus.http.test-port). */
    private static final int HTTP_PORT = 18082;

    private static final String SERVICE = "crossmodal.vision.v1.VisionService";
    /** A PNG signature: the services must refuse before looking at the image at all. */
    private static final Media IMAGE = Media.newBuilder()
            .setData(ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}))
            .setMimeType("image/png")
            .build();

    private static ManagedChannel channel;
    private static VisionServiceGrpc.VisionServiceBlockingStub vision;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestKit.channel(PORT);
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3));
        vision = VisionServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    /** A deadline per call: a stub's deadline is fixed when the stub is made. */
    private static VisionServiceGrpc.VisionServiceBlockingStub vision() {
        return vision.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Test
    void healthIsServingForTheServerAndTheVisionService() {
        assertEquals(ServingStatus.SERVING, GrpcTestKit.health(channel, ""));
        assertEquals(ServingStatus.SERVING, GrpcTestKit.health(channel, SERVICE));
    }

    @Test
    void reflectionListsTheVisionServiceAndHealth() throws Exception {
        List<String> services = GrpcTestKit.reflectedServices(channel);
        assertTrue(services.contains(SERVICE), services.toString());
        assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
    }

    @Test
    void listModelsReportsTheDetectorAndTheServiceLimits() {
        ListModelsResponse r = vision().listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(
                List.of("centernet", "ppocr-det-v4", "ppocr-rec-v4", "ppocr-cls-v2"),
                r.getModelsList().stream().map(m -> m.getName()).toList(),
                r.toString());
        assertEquals("TensorFlow", r.getModels(0).getEngine());
        assertEquals(ModelState.MODEL_STATE_READY, r.getModels(0).getState());
        assertEquals("pixels", r.getModels(0).getBatching().getCostUnit());
        assertTrue(
                r.getLimits().getLimitsList().stream()
                        .anyMatch(l -> l.getName().equals("max_request_bytes")
                                && l.getValue() == 33_554_432
                                && l.getUnit().equals("bytes")),
                r.toString());
        assertTrue(
                r.getLimits().getLimitsList().stream()
                        .anyMatch(l -> l.getName().equals("max_image_pixels")
                                && l.getValue() == 40_000_000
                                && l.getUnit().equals("pixels")),
                r.toString());
        assertTrue(
                r.getLimits().getLimitsList().stream()
                        .anyMatch(l -> l.getName().equals("max_items_per_call")
                                && l.getValue() == 32
                                && l.getUnit().equals("items")),
                r.toString());
        assertTrue(
                r.getLimits().getLimitsList().stream()
                        .anyMatch(l -> l.getName().equals("max_pixels_in_flight")
                                && l.getValue() == 200_000_000
                                && l.getUnit().equals("pixels")),
                r.toString());
        assertEquals("centernet@3.0.4#r1", r.getModels(0).getSpace().getId());
        assertEquals(480, r.getModels(0).getSpace().getDimension());
        assertTrue(r.getModels(0).getSpace().getNormalized());
    }

    private static Media sample(String file) throws Exception {
        Path path = Path.of("..", "testdata", "images", file);
        return Media.newBuilder()
                .setData(ByteString.copyFrom(Files.readAllBytes(path)))
                .setMimeType("image/png")
                .build();
    }

    @Test
    void chelseaIsTaggedCatWithABoxInOriginalPixels() throws Exception {
        DetectObjectsResponse r = vision().detectObjects(DetectObjectsRequest.newBuilder()
                .setImage(sample("chelsea.png"))
                .build());
        assertEquals("cat", r.getObjects(0).getLabel(), r.toString());
        assertTrue(r.getObjects(0).getScore() > 0.4, r.toString());
        assertEquals(451, r.getImage().getWidth());
        assertEquals(300, r.getImage().getHeight());
        assertEquals("png", r.getImage().getFormat());
        BoundingBox box = r.getObjects(0).getBox();
        assertTrue(
                box.getXMin() >= 0 && box.getYMin() >= 0 && box.getXMax() <= 451 && box.getYMax() <= 300, r.toString());
        assertTrue(
                box.getXMax() - box.getXMin() > 300 && box.getYMax() - box.getYMin() > 200, "the cat fills the image");
        assertEquals("centernet", r.getModel());
    }

    @Test
    void astronautIsTaggedPerson() throws Exception {
        DetectObjectsResponse r = vision().detectObjects(DetectObjectsRequest.newBuilder()
                .setImage(sample("astronaut.png"))
                .build());
        assertEquals("person", r.getObjects(0).getLabel(), r.toString());
    }

    @Test
    void aHugePngHeaderIsRefusedBeforeDecoding() throws Exception {
        // A valid PNG signature and IHDR declaring 20000 x 20000 RGB pixels, then a few bytes: decoding it would
        // need 1.2 GB; the header check refuses it without allocating.
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17)
                .put("IHDR".getBytes())
                .putInt(20_000)
                .putInt(20_000)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        png.write(java.nio.ByteBuffer.allocate(4).putInt(13).array());
        png.write(ihdr.array());
        png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        png.write(new byte[64]);
        Media media = Media.newBuilder()
                .setData(ByteString.copyFrom(png.toByteArray()))
                .setMimeType("image/png")
                .build();
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> vision().detectObjects(DetectObjectsRequest.newBuilder()
                        .setImage(media)
                        .build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(e);
        BadRequest bad = GrpcTestKit.detail(status, BadRequest.class);
        assertEquals("image", bad.getFieldViolations(0).getField());
        assertEquals(
                "TOO_MANY_PIXELS", GrpcTestKit.detail(status, ErrorInfo.class).getReason());
    }

    @Test
    void corruptImagesAndBadOptionsAreInvalidArgumentAndUnknownModelsNotFound() throws Exception {
        StatusRuntimeException corrupt = assertThrows(
                StatusRuntimeException.class,
                () -> vision().detectObjects(DetectObjectsRequest.newBuilder()
                        .setImage(IMAGE)
                        .build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, corrupt.getStatus().getCode());
        StatusRuntimeException option = assertThrows(
                StatusRuntimeException.class,
                () -> vision().detectObjects(DetectObjectsRequest.newBuilder()
                        .setImage(sample("chelsea.png"))
                        .setMinScore(2)
                        .build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, option.getStatus().getCode());
        assertEquals(
                "min_score",
                GrpcTestKit.detail(io.grpc.protobuf.StatusProto.fromThrowable(option), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
        StatusRuntimeException model = assertThrows(
                StatusRuntimeException.class,
                () -> vision().detectObjects(DetectObjectsRequest.newBuilder()
                        .setImage(sample("chelsea.png"))
                        .setModel("yolo")
                        .build()));
        assertEquals(io.grpc.Status.Code.NOT_FOUND, model.getStatus().getCode());
    }

    @Test
    void aRenderedLineComesBackExactlyFromReadText() throws Exception {
        java.awt.image.BufferedImage line = io.crossmodal.vision.ocr.TextReaderTest.render(
                List.of("Crossmodal 2026 跨模态检索"),
                io.crossmodal.vision.ocr.TextReaderTest.cjkFont().deriveFont(36f),
                24,
                0);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(line, "png", png);
        ReadTextResponse r = vision().readText(ReadTextRequest.newBuilder()
                .setImage(Media.newBuilder()
                        .setData(ByteString.copyFrom(png.toByteArray()))
                        .setMimeType("image/png"))
                .build());
        assertEquals(1, r.getLinesCount(), r.toString());
        assertEquals("Crossmodal 2026 跨模态检索", r.getLines(0).getText());
        assertEquals(4, r.getLines(0).getPolygonCount());
        assertTrue(r.getLines(0).getConfidence() > 0.8, r.toString());
        StatusRuntimeException bad = assertThrows(
                StatusRuntimeException.class,
                () -> vision().readText(ReadTextRequest.newBuilder()
                        .setImage(IMAGE)
                        .setMinConfidence(1.5f)
                        .build()));
        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    }

    @Test
    void describeImageGivesTagsAndRecognisedText() throws Exception {
        DescribeImageResponse cat = vision().describeImage(DescribeImageRequest.newBuilder()
                .setImage(sample("chelsea.png"))
                .build());
        assertEquals("cat", cat.getTags(0), cat.toString());
        assertTrue(cat.getDescription().startsWith("cat"), cat.getDescription());

        java.awt.image.BufferedImage sign = io.crossmodal.vision.ocr.TextReaderTest.render(
                List.of("Crossmodal 2026 跨模态检索"),
                io.crossmodal.vision.ocr.TextReaderTest.cjkFont().deriveFont(36f),
                24,
                0);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(sign, "png", png);
        DescribeImageResponse text = vision().describeImage(DescribeImageRequest.newBuilder()
                .setImage(Media.newBuilder()
                        .setData(ByteString.copyFrom(png.toByteArray()))
                        .setMimeType("image/png"))
                .build());
        assertTrue(text.getDescription().endsWith("Text: Crossmodal 2026 跨模态检索"), text.getDescription());
        assertEquals("Crossmodal 2026 跨模态检索", text.getTextLines(0).getText());
    }

    @Test
    void prometheusEndpointExposesGrpcServerSeriesAfterACall() throws Exception {
        vision().listModels(ListModelsRequest.getDefaultInstance());
        assertThrows(
                StatusRuntimeException.class,
                () -> vision().detectObjects(DetectObjectsRequest.newBuilder()
                        .setImage(IMAGE)
                        .build()));
        assertTrue(
                GrpcTestKit.awaitSample(
                                HTTP_PORT,
                                "grpc_server_processing_duration_seconds_count",
                                "service=\"" + SERVICE + "\"",
                                "method=\"ListModels\"",
                                "statusCode=\"OK\"")
                        >= 1,
                "no grpc_server series for ListModels");
        assertTrue(
                GrpcTestKit.awaitSample(
                                HTTP_PORT,
                                "grpc_server_processing_duration_seconds_count",
                                "service=\"" + SERVICE + "\"",
                                "method=\"DetectObjects\"",
                                "statusCode=\"INVALID_ARGUMENT\"")
                        >= 1,
                "refused calls are not counted by status");
    }
}
