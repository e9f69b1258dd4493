package io.crossmodal.fusion.faults;

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
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deadlines and errors on the image path, against the stand-in vision and text services: every call an image
 * makes (EmbedImages, DescribeImage, the text embedding of its description, Convert's DescribeImage) arrives with
 * the caller's deadline, and vision overload keeps its RetryInfo.
 */
@QuarkusTest
@TestProfile(FakeTextServiceProfile.class)
class GatewayVisionErrorMappingTest {

    private static ManagedChannel channel;
    private static FusionServiceGrpc.FusionServiceBlockingStub gateway;

    @BeforeAll
    static void connect() {
        channel = GatewayTestSupport.gatewayChannel();
        gateway = FusionServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static Content image(String command) {
        return Content.newBuilder()
                .setImage(Media.newBuilder().setData(ByteString.copyFrom(command, StandardCharsets.UTF_8)))
                .build();
    }

    private static void assertLeft(double leftMs, double min, double max, String call) {
        assertTrue(leftMs > min && leftMs <= max, call + " saw " + leftMs + " ms left");
    }

    @Test
    void theCallersDeadlineReachesEveryCallAnImageMakes() {
        EncodeResponse r = gateway.withDeadlineAfter(5, TimeUnit.SECONDS)
                .encode(EncodeRequest.newBuilder()
                        .addContents(image("#deadline"))
                        .addTargetSpaces("fake@1#r1")
                        .build());
        EncodeResult result = r.getResults(0);
        assertEquals(
                Status.Code.OK.value(),
                result.getStatus().getCode(),
                result.getStatus().getMessage());
        assertEquals(FakeVisionService.SPACE, result.getEmbeddings(0).getSpaceId());
        assertLeft(result.getEmbeddings(0).getValues(0), 3000, 5000, "EmbedImages");
        assertLeft(Long.parseLong(result.getDerivedText()), 3000, 5000, "DescribeImage");
        assertEquals("fake@1#r1", result.getEmbeddings(1).getSpaceId());
        assertLeft(result.getEmbeddings(1).getValues(0), 3000, 5000, "text-service Embed of the description");
    }

    @Test
    void withoutACallerDeadlineTheConfiguredDefaultApplies() {
        EncodeResult result = gateway.encode(EncodeRequest.newBuilder()
                        .addContents(image("#deadline"))
                        .build())
                .getResults(0);
        assertLeft(result.getEmbeddings(0).getValues(0), 25_000, 30_000, "EmbedImages");
    }

    @Test
    void convertPassesTheDeadlineOn() {
        String text = gateway.withDeadlineAfter(5, TimeUnit.SECONDS)
                .convert(ConvertRequest.newBuilder()
                        .setSource(image("#deadline"))
                        .setTarget(Modality.MODALITY_TEXT)
                        .build())
                .getResult()
                .getText();
        assertLeft(Long.parseLong(text), 3000, 5000, "DescribeImage");
    }

    @Test
    void visionOverloadIsPassedOnWithItsRetryInfo() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.encode(EncodeRequest.newBuilder()
                        .addContents(image("#exhausted"))
                        .build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertEquals(
                250_000_000,
                GrpcTestKit.detail(status, RetryInfo.class).getRetryDelay().getNanos());
        assertEquals("vision-service: queue full", status.getMessage());

        // Beside a text, the overloaded image fails alone and the IMAGE modality status says why.
        EncodeResponse mixed = gateway.encode(EncodeRequest.newBuilder()
                .addContents(Content.newBuilder().setText("fine"))
                .addContents(image("#exhausted"))
                .build());
        assertEquals(Status.Code.OK.value(), mixed.getResults(0).getStatus().getCode());
        assertEquals(
                Status.Code.RESOURCE_EXHAUSTED.value(),
                mixed.getResults(1).getStatus().getCode());
        assertEquals(Modality.MODALITY_IMAGE, mixed.getModalityStatuses(1).getModality());
        GrpcTestKit.detail(mixed.getModalityStatuses(1).getStatus(), RetryInfo.class);
    }
}
