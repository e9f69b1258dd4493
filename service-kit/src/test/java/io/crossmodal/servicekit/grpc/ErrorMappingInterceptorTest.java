package io.crossmodal.servicekit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.error.ServiceException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
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
 * A service that throws or hands domain exceptions to {@code onError} as they are: callers see the mapped status
 * with its details, never grpc-java's bare UNKNOWN.
 */
class ErrorMappingInterceptorTest {

    private static final MethodDescriptor<String, String> CALL = StringCalls.unary("test.Failing/Call");

    private static final StatusRuntimeException ALREADY_A_STATUS =
            Status.PERMISSION_DENIED.withDescription("not yours").asRuntimeException();

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Failing")
                .addMethod(CALL, ServerCalls.asyncUnaryCall((request, observer) -> {
                    ServiceException overloaded = new ServiceException(
                            ServiceException.Kind.OVERLOADED,
                            "QUEUE_FULL",
                            "queue full",
                            null,
                            Duration.ofMillis(250),
                            Map.of(),
                            null);
                    switch (request) {
                        case "throw" ->
                            throw new ServiceException(
                                    ServiceException.Kind.INVALID_INPUT,
                                    "CORRUPT",
                                    "not an image",
                                    "image",
                                    null,
                                    Map.of(),
                                    null);
                        case "onError" -> observer.onError(overloaded);
                        case "async" ->
                            CompletableFuture.supplyAsync(() -> {
                                        throw overloaded;
                                    })
                                    .whenComplete((value, error) -> observer.onError(error));
                        case "status" -> observer.onError(ALREADY_A_STATUS);
                        case "bug" -> throw new IllegalStateException("tensor shape");
                        default -> {
                            observer.onNext("ok " + request);
                            observer.onCompleted();
                        }
                    }
                }))
                .build();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(service, new ErrorMappingInterceptor()))
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
    void aThrownDomainExceptionBecomesItsStatus() throws Exception {
        StatusRuntimeException e = fail("throw");
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("image: not an image", e.getStatus().getDescription());
        assertEquals(
                "image",
                StringCalls.detail(e, BadRequest.class).getFieldViolations(0).getField());
        assertEquals("CORRUPT", StringCalls.detail(e, ErrorInfo.class).getReason());
    }

    @Test
    void aDomainExceptionGivenToOnErrorBecomesItsStatus() throws Exception {
        for (String request : new String[] {"onError", "async"}) {
            StatusRuntimeException e = fail(request);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), request);
            RetryInfo retry = StringCalls.detail(e, RetryInfo.class);
            assertEquals(250_000_000, retry.getRetryDelay().getNanos(), request);
            assertEquals("QUEUE_FULL", StringCalls.detail(e, ErrorInfo.class).getReason(), request);
        }
    }

    @Test
    void statusesPassUnchangedAndBugsAreInternal() throws Exception {
        StatusRuntimeException denied = fail("status");
        assertEquals(ALREADY_A_STATUS.getStatus().getCode(), denied.getStatus().getCode());
        assertEquals("not yours", denied.getStatus().getDescription());

        StatusRuntimeException bug = fail("bug");
        assertEquals(Status.Code.INTERNAL, bug.getStatus().getCode());
        assertEquals("INTERNAL", StringCalls.detail(bug, ErrorInfo.class).getReason());
        assertSame(
                String.class,
                ClientCalls.blockingUnaryCall(channel, CALL, CallOptions.DEFAULT, "x")
                        .getClass());
    }
}
