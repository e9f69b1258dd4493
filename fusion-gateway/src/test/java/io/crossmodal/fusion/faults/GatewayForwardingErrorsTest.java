package io.crossmodal.fusion.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TextService forwarded by the gateway to the stand-in text service: the caller's deadline and metadata reach the
 * encoder, its trailers and errors come back unchanged (no gateway prefix, no field-path rewriting: the contract is
 * the encoder's own).
 */
@QuarkusTest
@TestProfile(FakeTextServiceProfile.class)
class GatewayForwardingErrorsTest {

    private static ManagedChannel channel;
    private static TextServiceGrpc.TextServiceBlockingStub text;

    @BeforeAll
    static void connect() {
        channel = GatewayTestSupport.gatewayChannel();
        text = TextServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static EmbedRequest embed(String command) {
        return EmbedRequest.newBuilder().addTexts(command).build();
    }

    @Test
    void theCallersDeadlineReachesTheEncoder() {
        float leftMs = text.withDeadlineAfter(5, TimeUnit.SECONDS)
                .embed(embed("#deadline"))
                .getResults(0)
                .getEmbedding()
                .getValues(0);
        assertTrue(leftMs > 3000 && leftMs <= 5000, "encoder saw " + leftMs + " ms left");
    }

    @Test
    void anExpiredDeadlineEndsInDeadlineExceeded() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> text.withDeadlineAfter(300, TimeUnit.MILLISECONDS).embed(embed("#slow:2000")));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    }

    @Test
    void headersReachTheEncoderAndItsHeadersAndTrailersComeBack() {
        Metadata headers = new Metadata();
        headers.put(FakeTextService.Echo.ECHO, "hello-encoder");
        AtomicReference<Metadata> responseHeaders = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        text.withDeadlineAfter(10, TimeUnit.SECONDS)
                .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(headers),
                        MetadataUtils.newCaptureMetadataInterceptor(responseHeaders, trailers))
                .embed(embed("#deadline"));
        assertEquals("hello-encoder", responseHeaders.get().get(FakeTextService.Echo.ECHO));
        assertEquals("hello-encoder", trailers.get().get(FakeTextService.Echo.ECHO));
    }

    @Test
    void anEncodersErrorDetailsPassUnchanged() {
        StatusRuntimeException exhausted =
                assertThrows(StatusRuntimeException.class, () -> text.embed(embed("#exhausted")));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, exhausted.getStatus().getCode());
        com.google.rpc.Status status = StatusProto.fromThrowable(exhausted);
        assertEquals("queue full", status.getMessage());
        assertEquals(
                250_000_000,
                GrpcTestKit.detail(status, RetryInfo.class).getRetryDelay().getNanos());

        StatusRuntimeException invalid =
                assertThrows(StatusRuntimeException.class, () -> text.embed(embed("#invalid")));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
        assertEquals(
                "texts[0]",
                GrpcTestKit.detail(StatusProto.fromThrowable(invalid), BadRequest.class)
                        .getFieldViolations(0)
                        .getField());
    }

    @Test
    void aBareUnavailableFromTheEncoderGainsErrorInfoAndRetryInfo() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> text.embed(embed("#unavailable")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertEquals("ENCODER_UNAVAILABLE", GrpcTestKit.errorInfo(status).getReason());
        assertEquals("text-service", GrpcTestKit.errorInfo(status).getMetadataOrThrow("encoder"));
        assertEquals("text-service: going away", status.getMessage());
        assertEquals(
                1, GrpcTestKit.detail(status, RetryInfo.class).getRetryDelay().getSeconds());
    }
}
