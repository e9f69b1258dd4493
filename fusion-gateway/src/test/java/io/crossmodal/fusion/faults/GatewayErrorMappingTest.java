package io.crossmodal.fusion.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.Media;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the gateway passes on what the text service says, against a stand-in that fails on demand. */
@QuarkusTest
@TestProfile(FakeTextServiceProfile.class)
class GatewayErrorMappingTest {

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

    private static EncodeRequest texts(String... texts) {
        EncodeRequest.Builder b = EncodeRequest.newBuilder();
        for (String t : texts) {
            b.addContents(Content.newBuilder().setText(t));
        }
        return b.build();
    }

    @Test
    void theCallersDeadlineReachesTheEncoder() {
        EncodeResponse r = gateway.withDeadlineAfter(5, TimeUnit.SECONDS).encode(texts("#deadline"));
        float leftMs = r.getResults(0).getEmbeddings(0).getValues(0);
        assertTrue(leftMs > 3000 && leftMs <= 5000, "encoder saw " + leftMs + " ms left");
    }

    @Test
    void withoutACallerDeadlineTheConfiguredDefaultApplies() {
        float leftMs = gateway.encode(texts("#deadline"))
                .getResults(0)
                .getEmbeddings(0)
                .getValues(0);
        assertTrue(leftMs > 25_000 && leftMs <= 30_000, "encoder saw " + leftMs + " ms left");
    }

    @Test
    void aSlowEncoderEndsInDeadlineExceeded() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.withDeadlineAfter(300, TimeUnit.MILLISECONDS).encode(texts("#slow:2000")));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    }

    @Test
    void overloadIsPassedOnWithItsRetryInfo() {
        StatusRuntimeException e =
                assertThrows(StatusRuntimeException.class, () -> gateway.encode(texts("#exhausted")));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertEquals(
                250_000_000,
                GrpcTestKit.detail(status, RetryInfo.class).getRetryDelay().getNanos());
        assertTrue(status.getMessage().startsWith("text-service: "));
    }

    @Test
    void unavailableGetsRetryInfoEvenWhenTheEncoderGaveNone() {
        StatusRuntimeException e =
                assertThrows(StatusRuntimeException.class, () -> gateway.encode(texts("#unavailable")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        RetryInfo retry = GrpcTestKit.detail(StatusProto.fromThrowable(e), RetryInfo.class);
        assertEquals(1, retry.getRetryDelay().getSeconds());
    }

    @Test
    void fieldViolationsAreRewrittenToGatewayPaths() {
        EncodeRequest request = EncodeRequest.newBuilder()
                .addContents(Content.newBuilder().setImage(Media.getDefaultInstance()))
                .addContents(Content.newBuilder().setText("#invalid"))
                .build();
        // Mixed call: the text failure is reported on the item and on the modality, not as a call failure.
        EncodeResponse r = gateway.encode(request);
        com.google.rpc.Status text = r.getResults(1).getStatus();
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), text.getCode());
        assertEquals(
                "contents[1].text",
                GrpcTestKit.detail(text, BadRequest.class).getFieldViolations(0).getField());
        assertEquals(
                Status.Code.INVALID_ARGUMENT.value(),
                r.getModalityStatuses(0).getStatus().getCode());

        StatusRuntimeException onlyText =
                assertThrows(StatusRuntimeException.class, () -> gateway.encode(texts("#invalid")));
        assertEquals(Status.Code.INVALID_ARGUMENT, onlyText.getStatus().getCode());
        assertEquals(
                "contents[0].text",
                GrpcTestKit.detail(StatusProto.fromThrowable(onlyText), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
    }
}
