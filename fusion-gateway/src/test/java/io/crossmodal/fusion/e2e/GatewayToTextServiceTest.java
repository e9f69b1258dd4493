package io.crossmodal.fusion.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client -> gateway -> real text-service (its own JVM, real models), all over real gRPC. */
@QuarkusTest
@TestProfile(RealTextServiceProfile.class)
class GatewayToTextServiceTest {

    private static ManagedChannel channel;
    private static ManagedChannel textChannel;
    private static FusionServiceGrpc.FusionServiceBlockingStub gateway;

    @BeforeAll
    static void connect() {
        channel = GatewayTestSupport.gatewayChannel();
        textChannel = GrpcTestKit.channel(RealTextService.PORT);
        gateway = FusionServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
        textChannel.shutdownNow();
    }

    private static Content text(String t) {
        return Content.newBuilder().setText(t).build();
    }

    private static EncodeResponse encode(Content... contents) {
        return gateway.withDeadlineAfter(60, TimeUnit.SECONDS)
                .encode(EncodeRequest.newBuilder()
                        .addAllContents(List.of(contents))
                        .build());
    }

    @Test
    void foodAndBreadThroughTheGatewayMatchThePublishedSimilarity() {
        EncodeResponse r = encode(text("A man is eating food."), text("A man is eating a piece of bread."));
        EncodeResult a = r.getResults(0);
        EncodeResult b = r.getResults(1);
        assertEquals(
                Status.Code.OK.value(), a.getStatus().getCode(), a.getStatus().getMessage());
        double cos = GrpcTestKit.cosine(
                a.getEmbeddings(0).getValuesList(), b.getEmbeddings(0).getValuesList());
        assertEquals(0.755, cos, 0.01, "cosine " + cos);
        assertEquals(Modality.MODALITY_TEXT, a.getModality());
        assertEquals("all-minilm-l6-v2@1.20.0-beta30#r1", a.getEmbeddings(0).getSpaceId());
        assertEquals(384, a.getEmbeddings(0).getDimension());
        assertEquals(8, a.getTokenCount());
        assertEquals(1, r.getSpacesCount());
        assertEquals(Modality.MODALITY_TEXT, r.getModalityStatuses(0).getModality());
        assertEquals(
                Status.Code.OK.value(), r.getModalityStatuses(0).getStatus().getCode());
    }

    @Test
    void itemErrorsComeBackInTheGatewaysOwnFieldPaths() {
        EncodeResponse r = encode(
                Content.newBuilder()
                        .setImage(Media.newBuilder().setMimeType("image/png"))
                        .build(),
                text("fine"),
                text("  "));
        // No vision service in this profile: the image fails alone, the texts are answered.
        assertEquals(
                Status.Code.UNAVAILABLE.value(), r.getResults(0).getStatus().getCode());
        assertEquals(Status.Code.OK.value(), r.getResults(1).getStatus().getCode());
        com.google.rpc.Status bad = r.getResults(2).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), bad.getCode());
        assertTrue(bad.getMessage().startsWith("text-service: contents[2].text: "), bad.getMessage());
        assertEquals(
                "contents[2].text",
                GrpcTestKit.detail(bad, BadRequest.class).getFieldViolations(0).getField());
    }

    @Test
    void chineseTextReachesTheChineseModel() {
        EncodeResult r = encode(text("我们明天去北京。")).getResults(0);
        assertEquals("bge-small-zh-v1.5@1.20.0-beta30#r1", r.getEmbeddings(0).getSpaceId());
        assertEquals(512, r.getEmbeddings(0).getDimension());
    }

    @Test
    void aChineseTextAlsoReachesATargetSpaceOfAnotherModel() {
        String minilm = "all-minilm-l6-v2@1.20.0-beta30#r1";
        EncodeResponse r = gateway.withDeadlineAfter(60, TimeUnit.SECONDS)
                .encode(EncodeRequest.newBuilder()
                        .addContents(text("我们明天去北京。"))
                        .addContents(text("We are going to Beijing tomorrow."))
                        .addTargetSpaces(minilm)
                        .build());
        EncodeResult zh = r.getResults(0);
        assertEquals(
                Status.Code.OK.value(), zh.getStatus().getCode(), zh.getStatus().getMessage());
        assertEquals(
                List.of("bge-small-zh-v1.5@1.20.0-beta30#r1", minilm),
                zh.getEmbeddingsList().stream().map(e -> e.getSpaceId()).toList(),
                "native first, then the target");
        assertEquals(1, r.getResults(1).getEmbeddingsCount(), "the English text is natively in MiniLM's space");
        var direct = io.crossmodal.text.v1.TextServiceGrpc.newBlockingStub(textChannel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .embed(io.crossmodal.text.v1.EmbedRequest.newBuilder()
                        .setModel("all-minilm-l6-v2")
                        .addTexts("我们明天去北京。")
                        .build())
                .getResults(0)
                .getEmbedding();
        double cos =
                GrpcTestKit.cosine(direct.getValuesList(), zh.getEmbeddings(1).getValuesList());
        assertTrue(cos > 0.9999, "cosine with text-service's own MiniLM vector: " + cos);
        assertEquals(2, r.getSpacesCount());
    }

    @Test
    void callerNamesTheTextModel() {
        EncodeResponse r = gateway.encode(EncodeRequest.newBuilder()
                .setTextModel("all-minilm-l6-v2-q")
                .addContents(text("quantised please"))
                .build());
        assertEquals(
                "all-minilm-l6-v2-q@1.20.0-beta30#r1",
                r.getResults(0).getEmbeddings(0).getSpaceId());
    }

    @Test
    void unknownTextModelIsNotFoundWithTheEncoderNamed() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.encode(EncodeRequest.newBuilder()
                        .setTextModel("nope")
                        .addContents(text("x"))
                        .build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("text-service: "));
    }

    @Test
    void anExpiredCallerDeadlineIsHonoured() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.withDeadlineAfter(1, TimeUnit.MILLISECONDS)
                        .encode(EncodeRequest.newBuilder()
                                .addContents(text("too late"))
                                .build()));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        // and the gateway still serves afterwards
        assertEquals(
                Status.Code.OK.value(),
                encode(text("on time")).getResults(0).getStatus().getCode());
    }

    @Test
    void listModelsShowsTheTextServicesModels() {
        ListModelsResponse r = gateway.listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(Modality.MODALITY_TEXT, r.getEncoders(0).getModality());
        assertEquals(Status.Code.OK.value(), r.getEncoders(0).getStatus().getCode());
        assertEquals(3, r.getEncoders(0).getModelsCount());
    }

    @Test
    void emptyAndOversizedRequestsAreRefusedByTheGatewayItself() {
        StatusRuntimeException empty =
                assertThrows(StatusRuntimeException.class, () -> gateway.encode(EncodeRequest.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        EncodeRequest.Builder many = EncodeRequest.newBuilder();
        for (int i = 0; i < 257; i++) {
            many.addContents(text("t" + i));
        }
        StatusRuntimeException tooMany = assertThrows(StatusRuntimeException.class, () -> gateway.encode(many.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooMany.getStatus().getCode());
        StatusRuntimeException noKind = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.encode(EncodeRequest.newBuilder()
                        .addContents(Content.getDefaultInstance())
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, noKind.getStatus().getCode());
    }
}
