package io.crossmodal.text.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.RetryInfo;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A service that cannot load every configured model must never report SERVING (so Kubernetes keeps it out of
 * rotation), while the models it did load keep answering and the missing one is UNAVAILABLE with RetryInfo.
 */
@QuarkusTest
@TestProfile(MissingModelProfile.class)
class TextServiceReadinessTest {

    private static ManagedChannel channel;

    @BeforeAll
    static void connect() {
        channel = GrpcTestSupport.channel();
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void healthStaysNotServingAndTheMissingModelIsReportedFailed() throws Exception {
        TextServiceGrpc.TextServiceBlockingStub text =
                TextServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        // Wait until loading has settled: the present model READY, the missing one FAILED.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    var models = text.listModels(ListModelsRequest.getDefaultInstance())
                            .getModelsList();
                    boolean presentReady = models.stream()
                            .anyMatch(m -> m.getName().equals("all-minilm-l6-v2")
                                    && m.getState() == ModelState.MODEL_STATE_READY);
                    return presentReady
                            && models.stream()
                                    .anyMatch(m -> m.getName().equals("no-such-model")
                                            && m.getState() == ModelState.MODEL_STATE_FAILED);
                });
        ModelInfo missing = text.listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
                .filter(m -> m.getName().equals("no-such-model"))
                .findFirst()
                .orElseThrow();
        assertEquals(ModelState.MODEL_STATE_FAILED, missing.getState());
        assertTrue(missing.getStateMessage().contains("no-such-model"), missing.getStateMessage());

        assertEquals(ServingStatus.NOT_SERVING, GrpcTestKit.health(channel, ""));
        assertEquals(ServingStatus.NOT_SERVING, GrpcTestKit.health(channel, TextServiceGrpc.SERVICE_NAME));

        assertEquals(
                Status.Code.OK.value(),
                text.embed(EmbedRequest.newBuilder().addTexts("still works").build())
                        .getResults(0)
                        .getStatus()
                        .getCode());
        StatusRuntimeException e = assertThrows(
                StatusRuntimeException.class,
                () -> text.embed(EmbedRequest.newBuilder()
                        .setModel("no-such-model")
                        .addTexts("x")
                        .build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        StatusProto.fromThrowable(e).getDetailsList().stream()
                .filter(a -> a.is(RetryInfo.class))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RetryInfo"));
    }
}
