package io.crossmodal.fusion.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.ConvertRequest;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.crossmodal.fusion.v1.ModalityStatus;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vision service is unreachable (its client aimed at a closed port) while the real text service runs: image
 * items fail with UNAVAILABLE + RetryInfo, text items in the same request still get their real vectors.
 */
@QuarkusTest
@TestProfile(RealTextServiceProfile.class)
class GatewayWithoutVisionServiceTest {

    private static ManagedChannel channel;
    private static FusionServiceGrpc.FusionServiceBlockingStub gateway;
    private static Media chelsea;

    @BeforeAll
    static void connect() throws IOException {
        channel = GatewayTestSupport.gatewayChannel();
        gateway = FusionServiceGrpc.newBlockingStub(channel);
        chelsea = Media.newBuilder()
                .setData(ByteString.copyFrom(Files.readAllBytes(Path.of("..", "testdata", "images", "chelsea.png"))))
                .build();
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static FusionServiceGrpc.FusionServiceBlockingStub gateway() {
        return gateway.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static void assertUnavailableWithRetryInfo(com.google.rpc.Status s) {
        assertEquals(Status.Code.UNAVAILABLE.value(), s.getCode(), s.getMessage());
        assertTrue(s.getMessage().startsWith("vision-service: "), s.getMessage());
        GrpcTestKit.detail(s, RetryInfo.class);
    }

    @Test
    void imageItemsAreUnavailableWhileTextItemsSucceed() {
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(Content.newBuilder().setText("A man is eating food."))
                        .addContents(Content.newBuilder().setImage(chelsea))
                        .addContents(Content.newBuilder().setText("A man is eating a piece of bread."))
                        .build());
        EncodeResult a = r.getResults(0);
        EncodeResult b = r.getResults(2);
        assertEquals(
                Status.Code.OK.value(), a.getStatus().getCode(), a.getStatus().getMessage());
        assertEquals(
                Status.Code.OK.value(), b.getStatus().getCode(), b.getStatus().getMessage());
        double cos = GrpcTestKit.cosine(
                a.getEmbeddings(0).getValuesList(), b.getEmbeddings(0).getValuesList());
        assertEquals(0.755, cos, 0.01, "real text vectors: cosine " + cos);

        EncodeResult image = r.getResults(1);
        assertEquals(Modality.MODALITY_IMAGE, image.getModality());
        assertEquals(0, image.getEmbeddingsCount());
        assertUnavailableWithRetryInfo(image.getStatus());

        assertEquals(
                List.of(Modality.MODALITY_TEXT, Modality.MODALITY_IMAGE),
                r.getModalityStatusesList().stream()
                        .map(ModalityStatus::getModality)
                        .toList());
        assertEquals(
                Status.Code.OK.value(), r.getModalityStatuses(0).getStatus().getCode());
        assertUnavailableWithRetryInfo(r.getModalityStatuses(1).getStatus());
    }

    @Test
    void aRequestOfImagesOnlyFailsWithTheVisionServicesStatus() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .encode(EncodeRequest.newBuilder()
                                .addContents(Content.newBuilder().setImage(chelsea))
                                .build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertUnavailableWithRetryInfo(StatusProto.fromThrowable(e));
    }

    @Test
    void imagesAskingForATextSpaceAreUnavailableToo() {
        EncodeResponse r = gateway()
                .encode(EncodeRequest.newBuilder()
                        .addContents(Content.newBuilder().setImage(chelsea))
                        .addContents(Content.newBuilder().setText("a cat"))
                        .addTargetSpaces("all-minilm-l6-v2@1.20.0-beta30#r1")
                        .build());
        assertUnavailableWithRetryInfo(r.getResults(0).getStatus());
        assertEquals(Status.Code.OK.value(), r.getResults(1).getStatus().getCode());
        assertEquals(1, r.getResults(1).getEmbeddingsCount(), "the text is natively in that space");
    }

    @Test
    void convertIsUnavailableWithRetryInfo() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway()
                        .convert(ConvertRequest.newBuilder()
                                .setSource(Content.newBuilder().setImage(chelsea))
                                .setTarget(Modality.MODALITY_TEXT)
                                .build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertUnavailableWithRetryInfo(StatusProto.fromThrowable(e));
    }

    @Test
    void listModelsListsTheTextModelsAndTheVisionServicesStatus() {
        ListModelsResponse r = gateway().listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(Modality.MODALITY_TEXT, r.getEncoders(0).getModality());
        assertEquals(Status.Code.OK.value(), r.getEncoders(0).getStatus().getCode());
        assertEquals(3, r.getEncoders(0).getModelsCount());
        assertEquals(Modality.MODALITY_IMAGE, r.getEncoders(1).getModality());
        assertUnavailableWithRetryInfo(r.getEncoders(1).getStatus());
        assertEquals(0, r.getEncoders(1).getModelsCount());
    }
}
