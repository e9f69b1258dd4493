package io.crossmodal.fusion.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.ConvertRequest;
import io.crossmodal.fusion.v1.ConvertResponse;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.fusion.v1.EncoderModels;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.crossmodal.fusion.v1.ModalityStatus;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client -> gateway -> real vision-service and real text-service (each in its own JVM, real models), all over real
 * gRPC: image vectors, mixed requests, images into the text space through their description, image to text, and
 * ListModels.
 */
@QuarkusTest
@TestProfile(RealEncodersProfile.class)
class GatewayToVisionServiceTest {

    private static final String VISION_SPACE = "centernet@3.0.4#r1";
    private static final String MINILM_SPACE = "all-minilm-l6-v2@1.20.0-beta30#r1";
    private static final Path IMAGES = Path.of("..", "testdata", "images");

    private static ManagedChannel gatewayChannel;
    private static ManagedChannel visionChannel;
    private static ManagedChannel textChannel;
    private static FusionServiceGrpc.FusionServiceBlockingStub gateway;

    @BeforeAll
    static void connect() {
        gatewayChannel = GatewayTestSupport.gatewayChannel();
        visionChannel = GrpcTestKit.channel(RealVisionService.PORT);
        textChannel = GrpcTestKit.channel(RealTextService.PORT);
        gateway = FusionServiceGrpc.newBlockingStub(gatewayChannel);
    }

    @AfterAll
    static void disconnect() {
        gatewayChannel.shutdownNow();
        visionChannel.shutdownNow();
        textChannel.shutdownNow();
    }

    private static FusionServiceGrpc.FusionServiceBlockingStub gateway() {
        return gateway.withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    private static Media image(String name) throws IOException {
        return Media.newBuilder()
                .setData(ByteString.copyFrom(Files.readAllBytes(IMAGES.resolve(name))))
                .setMimeType("image/png")
                .build();
    }

    private static Content imageContent(Media media) {
        return Content.newBuilder().setImage(media).build();
    }

    private static Content text(String t) {
        return Content.newBuilder().setText(t).build();
    }

    /** A PNG of one flat colour: nothing to detect, nothing to read. */
    private static Media blankImage() throws IOException {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0xF0F0F0);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        return Media.newBuilder()
                .setData(ByteString.copyFrom(png.toByteArray()))
                .setMimeType("image/png")
                .build();
    }

    private static void assertOk(com.google.rpc.Status status) {
        assertEquals(Status.Code.OK.value(), status.getCode(), status.getMessage());
    }

    private static ModalityStatus modalityStatus(EncodeResponse r, Modality modality) {
        return r.getModalityStatusesList().stream()
                .filter(s -> s.getModality() == modality)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ModalityStatus for " + modality + " in " + r));
    }

    @Test
    void anImageIsEncodedInTheVisionSpaceExactlyAsTheVisionServiceDoes() throws IOException {
        Media chelsea = image("chelsea.png");
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(imageContent(chelsea))
                        .build());
        EncodeResult result = r.getResults(0);
        assertOk(result.getStatus());
        assertEquals(Modality.MODALITY_IMAGE, result.getModality());
        assertEquals(1, result.getEmbeddingsCount());
        Embedding viaGateway = result.getEmbeddings(0);
        assertEquals(VISION_SPACE, viaGateway.getSpaceId());
        assertEquals(480, viaGateway.getDimension());
        assertEquals(480, viaGateway.getValuesCount());

        EmbedImagesResponse direct = VisionServiceGrpc.newBlockingStub(visionChannel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .embedImages(EmbedImagesRequest.newBuilder().addImages(chelsea).build());
        assertEquals(
                direct.getResults(0).getEmbedding().getValuesList(),
                viaGateway.getValuesList(),
                "the gateway returns the vision service's vector unchanged");

        EmbeddingSpace space = r.getSpaces(0);
        assertEquals(1, r.getSpacesCount());
        assertEquals(VISION_SPACE, space.getId());
        assertEquals(480, space.getDimension());
        assertEquals(
                List.of(Modality.MODALITY_IMAGE),
                r.getModalityStatusesList().stream()
                        .map(ModalityStatus::getModality)
                        .toList());
        assertOk(modalityStatus(r, Modality.MODALITY_IMAGE).getStatus());
        assertTrue(modalityStatus(r, Modality.MODALITY_IMAGE).getLatencyMs() > 0);
    }

    @Test
    void aMixedRequestAnswersPerItemAndACorruptImageFailsAlone() throws IOException {
        Media chelsea = image("chelsea.png");
        Media corrupt = chelsea.toBuilder()
                .setData(chelsea.getData().substring(0, 3000))
                .build();
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(text("A cat lying on a blanket."))
                        .addContents(imageContent(chelsea))
                        .addContents(imageContent(corrupt))
                        .build());
        assertEquals(3, r.getResultsCount());

        EncodeResult t = r.getResults(0);
        assertOk(t.getStatus());
        assertEquals(Modality.MODALITY_TEXT, t.getModality());
        assertEquals(MINILM_SPACE, t.getEmbeddings(0).getSpaceId());
        assertEquals(384, t.getEmbeddings(0).getValuesCount());

        EncodeResult cat = r.getResults(1);
        assertOk(cat.getStatus());
        assertEquals(Modality.MODALITY_IMAGE, cat.getModality());
        assertEquals(VISION_SPACE, cat.getEmbeddings(0).getSpaceId());

        EncodeResult bad = r.getResults(2);
        assertEquals(Modality.MODALITY_IMAGE, bad.getModality());
        assertEquals(
                Status.Code.INVALID_ARGUMENT.value(),
                bad.getStatus().getCode(),
                bad.getStatus().getMessage());
        assertEquals(0, bad.getEmbeddingsCount());
        assertTrue(
                bad.getStatus().getMessage().startsWith("vision-service: contents[2].image: "),
                bad.getStatus().getMessage());
        assertEquals(
                "contents[2].image",
                GrpcTestKit.detail(bad.getStatus(), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
        assertEquals(
                "CORRUPT", GrpcTestKit.detail(bad.getStatus(), ErrorInfo.class).getReason());

        assertEquals(
                List.of(MINILM_SPACE, VISION_SPACE),
                r.getSpacesList().stream().map(EmbeddingSpace::getId).toList());
        assertEquals(
                List.of(Modality.MODALITY_TEXT, Modality.MODALITY_IMAGE),
                r.getModalityStatusesList().stream()
                        .map(ModalityStatus::getModality)
                        .toList());
        r.getModalityStatusesList().forEach(s -> assertOk(s.getStatus()));
    }

    @Test
    void aSignReachesTheTextSpaceThroughItsDescription() throws IOException {
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(imageContent(image("sign.png")))
                        .addTargetSpaces(MINILM_SPACE)
                        .build());
        EncodeResult sign = r.getResults(0);
        assertOk(sign.getStatus());
        assertTrue(sign.getDerivedText().contains("OPEN 24 HOURS"), sign.getDerivedText());
        assertTrue(sign.getDerivedText().contains("Crossmodal 2026"), sign.getDerivedText());
        assertEquals(2, sign.getEmbeddingsCount());
        assertEquals(VISION_SPACE, sign.getEmbeddings(0).getSpaceId(), "the native vector comes first");
        Embedding inText = sign.getEmbeddings(1);
        assertEquals(MINILM_SPACE, inText.getSpaceId());
        assertEquals(384, inText.getValuesCount());

        Embedding direct = TextServiceGrpc.newBlockingStub(textChannel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .embed(EmbedRequest.newBuilder()
                        .setModel("all-minilm-l6-v2")
                        .addTexts(sign.getDerivedText())
                        .build())
                .getResults(0)
                .getEmbedding();
        double cosine = GrpcTestKit.cosine(direct.getValuesList(), inText.getValuesList());
        assertTrue(cosine > 0.9999, "cosine with text-service's own vector of the derived text: " + cosine);

        assertEquals(
                List.of(VISION_SPACE, MINILM_SPACE),
                r.getSpacesList().stream().map(EmbeddingSpace::getId).toList());
        // Both encoders were called: vision (embed + describe), text (ListModels + embedding the description).
        assertEquals(
                List.of(Modality.MODALITY_TEXT, Modality.MODALITY_IMAGE),
                r.getModalityStatusesList().stream()
                        .map(ModalityStatus::getModality)
                        .toList());
        r.getModalityStatusesList().forEach(s -> assertOk(s.getStatus()));
    }

    @Test
    void imagesAndTextsMeetInTheTextSpace() throws IOException {
        // The text is already in MiniLM's space natively, so it gets one vector; the cat photo gets two.
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(text("cat"))
                        .addContents(imageContent(image("chelsea.png")))
                        .addContents(text("a red sports car"))
                        .addTargetSpaces(MINILM_SPACE)
                        .build());
        r.getResultsList().forEach(result -> assertOk(result.getStatus()));
        assertEquals(1, r.getResults(0).getEmbeddingsCount());
        EncodeResult cat = r.getResults(1);
        assertEquals("cat", cat.getDerivedText());
        assertEquals(MINILM_SPACE, cat.getEmbeddings(1).getSpaceId());
        double sameWord = GrpcTestKit.cosine(
                r.getResults(0).getEmbeddings(0).getValuesList(),
                cat.getEmbeddings(1).getValuesList());
        double otherThing = GrpcTestKit.cosine(
                r.getResults(2).getEmbeddings(0).getValuesList(),
                cat.getEmbeddings(1).getValuesList());
        assertTrue(sameWord > 0.9999, "\"cat\" vs the photo described as \"cat\": " + sameWord);
        assertTrue(otherThing < sameWord, "a car is further from the cat photo: " + otherThing);
    }

    @Test
    void anImageWithNothingRecognisedKeepsItsNativeVectorAndSaysWhyItHasNoTextVector() throws IOException {
        EncodeResult blank = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(imageContent(blankImage()))
                        .addTargetSpaces(MINILM_SPACE)
                        .build())
                .getResults(0);
        assertEquals(
                Status.Code.FAILED_PRECONDITION.value(),
                blank.getStatus().getCode(),
                blank.getStatus().getMessage());
        assertTrue(
                blank.getStatus().getMessage().contains("recognised no object and no text"),
                blank.getStatus().getMessage());
        assertEquals(
                "NOTHING_RECOGNISED",
                GrpcTestKit.detail(blank.getStatus(), ErrorInfo.class).getReason());
        assertEquals("", blank.getDerivedText());
        assertEquals(1, blank.getEmbeddingsCount());
        assertEquals(VISION_SPACE, blank.getEmbeddings(0).getSpaceId());
    }

    @Test
    void anUnknownTargetSpaceFailsTheItemsThatCannotReachIt() throws IOException {
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(imageContent(image("chelsea.png")))
                        .addContents(text("hello"))
                        .addTargetSpaces(VISION_SPACE) // the image's own space: nothing more to do for it
                        .addTargetSpaces("no-such-model@1.0#r1")
                        .build());
        // The image is natively in the vision space; the unknown space is the first it cannot reach.
        com.google.rpc.Status image = r.getResults(0).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), image.getCode(), image.getMessage());
        assertEquals(
                "target_spaces[1]",
                GrpcTestKit.detail(image, BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
        assertTrue(
                image.getMessage().startsWith("target_spaces[1]: contents[0] cannot reach space no-such-model@1.0#r1"),
                image.getMessage());
        // A text reaches neither: the vision space is the first it misses.
        com.google.rpc.Status text = r.getResults(1).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), text.getCode(), text.getMessage());
        assertEquals(
                "target_spaces[0]",
                GrpcTestKit.detail(text, BadRequest.class).getFieldViolations(0).getField());
        assertTrue(text.getMessage().contains("contents[1] cannot reach space " + VISION_SPACE), text.getMessage());
        for (EncodeResult result : r.getResultsList()) {
            assertEquals(1, result.getEmbeddingsCount(), "the native vector is kept");
        }

        StatusRuntimeException malformed = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .encode(EncodeRequest.newBuilder()
                                .addContents(text("hello"))
                                .addTargetSpaces("minilm")
                                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        assertEquals(
                "target_spaces[0]",
                GrpcTestKit.detail(StatusProto.fromThrowable(malformed), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
    }

    @Test
    void moreImagesThanOneVisionCallTakesAreSplitAcrossCalls() throws IOException, InterruptedException {
        Media small = blankImage();
        double callsBefore = embedImagesCalls();
        EncodeRequest.Builder request = EncodeRequest.newBuilder();
        for (int i = 0; i < 33; i++) {
            request.addContents(imageContent(small));
        }
        // The vision service refuses more than 32 images per EmbedImages call; the gateway sends 32 + 1.
        EncodeResponse r = gateway().encode(request.build());
        assertEquals(33, r.getResultsCount());
        List<Float> first = r.getResults(0).getEmbeddings(0).getValuesList();
        for (EncodeResult result : r.getResultsList()) {
            assertOk(result.getStatus());
            assertEquals(first, result.getEmbeddings(0).getValuesList());
        }
        assertEquals(callsBefore + 2, embedImagesCalls(), "EmbedImages calls the gateway made");
    }

    /** EmbedImages calls the gateway has made so far, from its fan-out metric. */
    private static double embedImagesCalls() throws IOException, InterruptedException {
        return GrpcTestKit.sample(
                        GrpcTestKit.scrapeMetrics(GatewayTestSupport.GATEWAY_HTTP_PORT),
                        "crossmodal_gateway_fanout_seconds_count",
                        "modality=\"image\"",
                        "rpc=\"EmbedImages\"",
                        "status=\"OK\"")
                .orElse(0);
    }

    @Test
    void anImageConvertsToItsDescription() throws IOException {
        ConvertResponse cat = gateway()
                .convert(ConvertRequest.newBuilder()
                        .setSource(imageContent(image("chelsea.png")))
                        .setTarget(Modality.MODALITY_TEXT)
                        .build());
        assertTrue(cat.getTagsList().contains("cat"), cat.getTagsList().toString());
        assertTrue(cat.getResult().getText().contains("cat"), cat.getResult().getText());

        ConvertResponse sign = gateway()
                .convert(ConvertRequest.newBuilder()
                        .setSource(imageContent(image("sign.png")))
                        .setTarget(Modality.MODALITY_TEXT)
                        .build());
        assertEquals(List.of("Crossmodal 2026 跨模态检索", "OPEN 24 HOURS"), sign.getTextLinesList());
        assertEquals(
                "Text: Crossmodal 2026 跨模态检索 / OPEN 24 HOURS", sign.getResult().getText());
    }

    @Test
    void convertErrorsNameTheSourceOrSayWhatIsMissing() throws IOException {
        Media chelsea = image("chelsea.png");
        StatusRuntimeException corrupt = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .convert(ConvertRequest.newBuilder()
                                .setTarget(Modality.MODALITY_TEXT)
                                .setSource(imageContent(chelsea.toBuilder()
                                        .setData(chelsea.getData().substring(0, 3000))
                                        .build()))
                                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, corrupt.getStatus().getCode());
        assertEquals(
                "source.image",
                GrpcTestKit.detail(StatusProto.fromThrowable(corrupt), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
        assertTrue(
                corrupt.getStatus().getDescription().startsWith("vision-service: source.image: "),
                corrupt.getStatus().getDescription());

        StatusRuntimeException speech = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .convert(ConvertRequest.newBuilder()
                                .setSource(text("hello"))
                                .setTarget(Modality.MODALITY_AUDIO)
                                .build()));
        assertEquals(Status.Code.UNIMPLEMENTED, speech.getStatus().getCode());
        assertTrue(speech.getStatus().getDescription().contains("speech-synthesis"));
        StatusRuntimeException transcript = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .convert(ConvertRequest.newBuilder()
                                .setSource(Content.newBuilder().setAudio(Media.getDefaultInstance()))
                                .setTarget(Modality.MODALITY_TEXT)
                                .build()));
        assertEquals(Status.Code.UNIMPLEMENTED, transcript.getStatus().getCode());
        assertTrue(transcript.getStatus().getDescription().contains("speech-recognition"));
        StatusRuntimeException imageToImage = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .convert(ConvertRequest.newBuilder()
                                .setSource(imageContent(chelsea))
                                .setTarget(Modality.MODALITY_IMAGE)
                                .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, imageToImage.getStatus().getCode());
    }

    @Test
    void listModelsShowsTheTextAndVisionModels() {
        ListModelsResponse r = gateway().listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(
                List.of(Modality.MODALITY_TEXT, Modality.MODALITY_IMAGE),
                r.getEncodersList().stream().map(EncoderModels::getModality).toList());
        r.getEncodersList().forEach(e -> assertOk(e.getStatus()));
        EncoderModels vision = r.getEncoders(1);
        assertEquals(
                List.of("centernet", "ppocr-det-v4", "ppocr-rec-v4", "ppocr-cls-v2"),
                vision.getModelsList().stream().map(ModelInfo::getName).toList());
        assertEquals(VISION_SPACE, vision.getModels(0).getSpace().getId());
        assertTrue(vision.getLimits().getLimitsList().stream()
                .anyMatch(l -> l.getName().equals("max_items_per_call") && l.getValue() == 32));
        assertEquals(3, r.getEncoders(0).getModelsCount());
    }
}
