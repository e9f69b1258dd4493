package io.crossmodal.fusion.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.rpc.RetryInfo;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
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

/** The gateway keeps answering, with UNAVAILABLE and RetryInfo, when the text service is down. */
@QuarkusTest
@TestProfile(NoTextServiceProfile.class)
class GatewayWithoutTextServiceTest {

    private static ManagedChannel channel;
    private static FusionServiceGrpc.FusionServiceBlockingStub gateway;

    @BeforeAll
    static void connect() {
        channel = GatewayTestSupport.gatewayChannel();
        gateway = FusionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void encodeIsUnavailableWithRetryInfo() {
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> gateway.encode(EncodeRequest.newBuilder()
                        .addContents(Content.newBuilder().setText("hello"))
                        .build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        GrpcTestKit.detail(StatusProto.fromThrowable(e), RetryInfo.class);
    }

    @Test
    void listModelsStillAnswersWithTheEncodersStatus() {
        ListModelsResponse r = gateway.listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(
                Status.Code.UNAVAILABLE.value(), r.getEncoders(0).getStatus().getCode());
        assertEquals(0, r.getEncoders(0).getModelsCount());
        GrpcTestKit.detail(r.getEncoders(0).getStatus(), RetryInfo.class);
        // No vision service in this profile either: it is listed, unreachable, after the text encoder.
        assertEquals(
                io.crossmodal.common.v1.Modality.MODALITY_IMAGE,
                r.getEncoders(1).getModality());
        assertEquals(
                Status.Code.UNAVAILABLE.value(), r.getEncoders(1).getStatus().getCode());
    }
}
