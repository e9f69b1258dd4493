package io.crossmodal.servicekit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.error.ServiceException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A front written with {@link GrpcReplies} on a plain grpc-java server, without {@link ErrorMappingInterceptor}: the
 * helper alone answers, whether the domain fails before returning a future, in it, or succeeds.
 */
class GrpcRepliesTest {

    private static final MethodDescriptor<String, String> CALL = StringCalls.unary("test.Front/Call");

    /** Invalid input that names no field: the decoder cannot know which request field held the bytes. */
    private static final ServiceException UNREADABLE =
            new ServiceException(ServiceException.Kind.INVALID_INPUT, "CORRUPT", "not an image");

    private static final ServiceException OPTION = new ServiceException(
            ServiceException.Kind.INVALID_INPUT,
            "INVALID_OPTION",
            "must be in [0, 1]",
            "min_score",
            null,
            Map.of(),
            null);
    private static final ServiceException FULL = new ServiceException(
            ServiceException.Kind.OVERLOADED, "QUEUE_FULL", "queue full", null, Duration.ofMillis(250), Map.of(), null);

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Front")
                .addMethod(
                        CALL,
                        ServerCalls.<String, String>asyncUnaryCall((request, observer) ->
                                GrpcReplies.reply(observer, "image", () -> switch (request) {
                                    case "throw" -> throw UNREADABLE;
                                    case "option" -> throw OPTION;
                                    case "async" ->
                                        CompletableFuture.supplyAsync(() -> {
                                            throw FULL;
                                        });
                                    case "bug" ->
                                        CompletableFuture.<String>completedFuture(null)
                                                .thenApply(ignored -> {
                                                    throw new IllegalStateException("tensor shape");
                                                });
                                    default -> CompletableFuture.supplyAsync(() -> "ok " + request);
                                })))
                .build();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(service)
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private StatusRuntimeException fail(String request) {
        return assertThrows(
                StatusRuntimeException.class,
                () -> ClientCalls.blockingUnaryCall(channel, CALL, CallOptions.DEFAULT, request));
    }

    @Test
    void theAnswerIsSentWhenTheFutureCompletes() {
        assertEquals("ok cat", ClientCalls.blockingUnaryCall(channel, CALL, CallOptions.DEFAULT, "cat"));
    }

    @Test
    void invalidInputWithoutItsOwnFieldIsReportedOnTheCallsField() throws Exception {
        StatusRuntimeException e = fail("throw");
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("image: not an image", e.getStatus().getDescription());
        assertEquals(
                "image",
                StringCalls.detail(e, BadRequest.class).getFieldViolations(0).getField());
        assertEquals("CORRUPT", StringCalls.detail(e, ErrorInfo.class).getReason());
    }

    @Test
    void aFieldTheDomainNamesIsKept() throws Exception {
        StatusRuntimeException e = fail("option");
        assertEquals(
                "min_score",
                StringCalls.detail(e, BadRequest.class).getFieldViolations(0).getField());
        assertEquals("min_score: must be in [0, 1]", e.getStatus().getDescription());
    }

    @Test
    void aFailedFutureIsMappedWithItsRetryDelay() throws Exception {
        StatusRuntimeException e = fail("async");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals(
                250_000_000,
                StringCalls.detail(e, RetryInfo.class).getRetryDelay().getNanos());
        assertEquals("QUEUE_FULL", StringCalls.detail(e, ErrorInfo.class).getReason());
        assertFalse(
                StatusProto.fromThrowable(e).getDetailsList().stream().anyMatch(d -> d.is(BadRequest.class)),
                "only invalid input gets the call's field");
    }

    @Test
    void aFailureWhileMappingTheReplyIsInternal() throws Exception {
        StatusRuntimeException e = fail("bug");
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("INTERNAL", StringCalls.detail(e, ErrorInfo.class).getReason());
    }
}
