package io.crossmodal.fusion.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.UploadHeader;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.text.v1.TokenizeRequest;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The encoders' own services on the gateway's port, forwarded to the real text and vision services: the same
 * answers as the encoders give directly (unary and client-streaming), cancellation reaching the encoder, reflection,
 * and an encoder that is not there (audio, at a closed port in this profile).
 */
@QuarkusTest
@TestProfile(RealEncodersProfile.class)
class GatewayForwardingTest {

    private static final Path IMAGES = Path.of("..", "testdata", "images");
    private static final int CHUNK = 16 * 1024;

    private static ManagedChannel gatewayChannel;
    private static ManagedChannel visionChannel;
    private static ManagedChannel textChannel;

    @BeforeAll
    static void connect() {
        gatewayChannel = GatewayTestSupport.gatewayChannel();
        visionChannel = GrpcTestKit.channel(RealVisionService.PORT);
        textChannel = GrpcTestKit.channel(RealTextService.PORT);
    }

    @AfterAll
    static void disconnect() {
        gatewayChannel.shutdownNow();
        visionChannel.shutdownNow();
        textChannel.shutdownNow();
    }

    private static TextServiceGrpc.TextServiceBlockingStub text(ManagedChannel channel) {
        return TextServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static VisionServiceGrpc.VisionServiceBlockingStub vision(ManagedChannel channel) {
        return VisionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Test
    void tokenizeAndEmbedThroughTheGatewayEqualDirect() {
        TokenizeRequest tokenize = TokenizeRequest.newBuilder()
                .addTexts("A man is eating food.")
                .addTexts("一个男人在吃东西。")
                .build();
        assertEquals(text(textChannel).tokenize(tokenize), text(gatewayChannel).tokenize(tokenize));
        EmbedRequest embed = EmbedRequest.newBuilder()
                .addTexts("A man is eating food.")
                .addTexts("A man is eating a piece of bread.")
                .build();
        assertEquals(text(textChannel).embed(embed), text(gatewayChannel).embed(embed));
        assertEquals(
                text(textChannel).listModels(io.crossmodal.text.v1.ListModelsRequest.getDefaultInstance()),
                text(gatewayChannel).listModels(io.crossmodal.text.v1.ListModelsRequest.getDefaultInstance()));
    }

    @Test
    void anEncodersErrorPassesUnchanged() {
        EmbedRequest unknownModel = EmbedRequest.newBuilder()
                .addTexts("x")
                .setModel("no-such-model")
                .build();
        StatusRuntimeException direct = assertThrows(
                StatusRuntimeException.class, () -> text(textChannel).embed(unknownModel));
        StatusRuntimeException forwarded = assertThrows(
                StatusRuntimeException.class, () -> text(gatewayChannel).embed(unknownModel));
        assertEquals(direct.getStatus().getCode(), forwarded.getStatus().getCode());
        assertEquals(GrpcTestKit.richStatus(direct), GrpcTestKit.richStatus(forwarded));
    }

    @Test
    void detectObjectsThroughTheGatewayEqualsDirect() throws Exception {
        DetectObjectsRequest request = DetectObjectsRequest.newBuilder()
                .setImage(Media.newBuilder()
                        .setData(ByteString.copyFrom(Files.readAllBytes(IMAGES.resolve("chelsea.png")))))
                .build();
        var direct = vision(visionChannel).detectObjects(request);
        assertFalse(direct.getObjectsList().isEmpty());
        assertEquals(direct, vision(gatewayChannel).detectObjects(request));
    }

    @Test
    void analyzeImageStreamThroughTheGatewayEqualsDirect() throws Exception {
        byte[] image = Files.readAllBytes(IMAGES.resolve("sign.png"));
        AnalyzeImageResponse direct = analyze(visionChannel, image);
        AnalyzeImageResponse forwarded = analyze(gatewayChannel, image);
        assertEquals("fwd", direct.getClientId());
        assertTrue(direct.getDescription().contains("OPEN 24 HOURS"), direct.getDescription());
        assertEquals(direct, forwarded);
    }

    /** Uploads {@code image} in 16 KiB chunks, each sent only when the stream is ready (no buffering in the client). */
    private static AnalyzeImageResponse analyze(ManagedChannel channel, byte[] image) throws Exception {
        CompletableFuture<AnalyzeImageResponse> answer = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> upload = VisionServiceGrpc.newStub(channel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .analyzeImageStream(new StreamObserver<>() {
                    @Override
                    public void onNext(AnalyzeImageResponse value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        upload.onNext(AnalyzeImageChunk.newBuilder()
                .setHeader(AnalyzeImageHeader.newBuilder()
                        .setUpload(UploadHeader.newBuilder().setClientId("fwd").setTotalBytes(image.length)))
                .build());
        for (int at = 0; at < image.length; at += CHUNK) {
            upload.onNext(AnalyzeImageChunk.newBuilder()
                    .setData(ByteString.copyFrom(image, at, Math.min(CHUNK, image.length - at)))
                    .build());
        }
        upload.onCompleted();
        return answer.get(60, TimeUnit.SECONDS);
    }

    @Test
    void cancellingAForwardedStreamCancelsTheEncodersCall() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> visionCallsInFlight() == 0);
        Context.CancellableContext context = Context.current().withCancellation();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        StreamObserver<AnalyzeImageChunk> upload = context.call(() -> VisionServiceGrpc.newStub(gatewayChannel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .analyzeImageStream(new StreamObserver<>() {
                    @Override
                    public void onNext(AnalyzeImageResponse value) {}

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                }));
        upload.onNext(AnalyzeImageChunk.newBuilder()
                .setHeader(AnalyzeImageHeader.newBuilder()
                        .setUpload(UploadHeader.newBuilder().setClientId("cancel")))
                .build());
        upload.onNext(AnalyzeImageChunk.newBuilder()
                .setData(ByteString.copyFrom(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                .build());
        // the upload is open at the encoder (never half-closed) ...
        await().atMost(Duration.ofSeconds(10)).until(() -> visionCallsInFlight() == 1);
        context.cancel(null);
        // ... and ends there when the caller cancels it at the gateway
        await().atMost(Duration.ofSeconds(10)).until(() -> visionCallsInFlight() == 0);
        assertEquals(
                Status.Code.CANCELLED,
                Status.fromThrowable(ended.get(10, TimeUnit.SECONDS)).getCode());
    }

    private static double visionCallsInFlight() throws Exception {
        Matcher m = Pattern.compile("^crossmodal_grpc_calls_in_flight(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(GrpcTestKit.scrapeMetrics(RealVisionService.HTTP_PORT));
        if (!m.find()) {
            throw new AssertionError("no crossmodal_grpc_calls_in_flight on the vision service");
        }
        return Double.parseDouble(m.group(2));
    }

    @Test
    void reflectionListsTheForwardedServices() throws Exception {
        var services = GrpcTestKit.reflectedServices(gatewayChannel);
        assertTrue(services.contains("crossmodal.fusion.v1.FusionService"), services.toString());
        assertTrue(services.contains("crossmodal.text.v1.TextService"), services.toString());
        assertTrue(services.contains("crossmodal.vision.v1.VisionService"), services.toString());
        assertTrue(services.contains("crossmodal.audio.v1.AudioService"), services.toString());
    }

    @Test
    void anEncoderThatIsDownGivesUnavailableWithErrorInfoAndRetryInfo() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> AudioServiceGrpc.newBlockingStub(gatewayChannel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .listModels(io.crossmodal.audio.v1.ListModelsRequest.getDefaultInstance()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        com.google.rpc.Status status = GrpcTestKit.richStatus(e);
        ErrorInfo info = GrpcTestKit.errorInfo(status);
        assertEquals("crossmodal.io", info.getDomain());
        assertEquals("ENCODER_UNAVAILABLE", info.getReason());
        assertEquals("audio-service", info.getMetadataOrThrow("encoder"));
        assertEquals(Duration.ofSeconds(1), GrpcTestKit.retryDelay(status));
        assertTrue(status.getMessage().startsWith("audio-service: "), status.getMessage());
    }
}
