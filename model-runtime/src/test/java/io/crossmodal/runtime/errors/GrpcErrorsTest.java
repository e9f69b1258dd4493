package io.crossmodal.runtime.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.runtime.batch.QueueFullException;
import io.crossmodal.runtime.batch.RequestDroppedException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

    private static <T extends Message> Optional<T> detail(com.google.rpc.Status status, Class<T> type)
            throws InvalidProtocolBufferException {
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                return Optional.of(any.unpack(type));
            }
        }
        return Optional.empty();
    }

    private static com.google.rpc.Status details(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertNotNull(status, "no google.rpc.Status in the trailers of " + e);
        assertEquals(e.getStatus().getCode().value(), status.getCode(), "rich status and gRPC status disagree");
        return status;
    }

    private static ErrorInfo errorInfo(com.google.rpc.Status status) throws InvalidProtocolBufferException {
        ErrorInfo info = detail(status, ErrorInfo.class).orElseThrow(() -> new AssertionError("no ErrorInfo"));
        assertEquals(GrpcErrors.DOMAIN, info.getDomain());
        assertEquals("crossmodal.io", info.getDomain());
        return info;
    }

    private static Duration retryDelay(com.google.rpc.Status status) throws InvalidProtocolBufferException {
        RetryInfo retry = detail(status, RetryInfo.class).orElseThrow(() -> new AssertionError("no RetryInfo"));
        return Duration.ofSeconds(retry.getRetryDelay().getSeconds(), retry.getRetryDelay().getNanos());
    }

    @Test
    void invalidArgumentCarriesFieldViolationsAndErrorInfo() throws Exception {
        StatusRuntimeException e = GrpcErrors.invalidArgument("TEXT_TOO_LONG", List.of(
                new GrpcErrors.FieldViolation("texts[3]", "longer than 512 tokens"),
                new GrpcErrors.FieldViolation("texts[7]", "empty")));

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        com.google.rpc.Status status = details(e);
        assertEquals("2 invalid fields: texts[3]: longer than 512 tokens; texts[7]: empty", status.getMessage());
        assertEquals(status.getMessage(), e.getStatus().getDescription());

        BadRequest badRequest = detail(status, BadRequest.class).orElseThrow();
        assertEquals(2, badRequest.getFieldViolationsCount());
        assertEquals("texts[3]", badRequest.getFieldViolations(0).getField());
        assertEquals("longer than 512 tokens", badRequest.getFieldViolations(0).getDescription());
        assertEquals("texts[7]", badRequest.getFieldViolations(1).getField());
        assertEquals("empty", badRequest.getFieldViolations(1).getDescription());
        assertEquals("TEXT_TOO_LONG", errorInfo(status).getReason());
    }

    @Test
    void singleViolationMessageNamesTheField() throws Exception {
        StatusRuntimeException e = GrpcErrors.invalidArgument("EMPTY", "image", "must not be empty");
        com.google.rpc.Status status = details(e);
        assertEquals("image: must not be empty", status.getMessage());
        assertEquals(1, detail(status, BadRequest.class).orElseThrow().getFieldViolationsCount());
    }

    @Test
    void queueFullBecomesResourceExhaustedWithRetryInfo() throws Exception {
        Duration retryAfter = Duration.ofMillis(1_250);
        QueueFullException full = new QueueFullException("clip", 64, retryAfter);

        StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(full);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        com.google.rpc.Status status = details(e);
        assertEquals(retryAfter, retryDelay(status));
        assertEquals("QUEUE_FULL", errorInfo(status).getReason());
        assertTrue(status.getMessage().contains("clip"), status.getMessage());
    }

    @Test
    void droppedRequestsMapToTheirCodes() throws Exception {
        StatusRuntimeException deadline = GrpcErrors.toStatusRuntimeException(new RequestDroppedException(
                RequestDroppedException.Reason.DEADLINE_EXCEEDED, "too late"));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, deadline.getStatus().getCode());
        assertEquals("too late", deadline.getStatus().getDescription());
        assertEquals("DEADLINE", errorInfo(details(deadline)).getReason());

        StatusRuntimeException cancelled = GrpcErrors.toStatusRuntimeException(new RequestDroppedException(
                RequestDroppedException.Reason.CANCELLED, "gone"));
        assertEquals(Status.Code.CANCELLED, cancelled.getStatus().getCode());
        assertEquals("CANCELLED", errorInfo(details(cancelled)).getReason());

        StatusRuntimeException shutdown = GrpcErrors.toStatusRuntimeException(new RequestDroppedException(
                RequestDroppedException.Reason.SHUTDOWN, "bye"));
        assertEquals(Status.Code.UNAVAILABLE, shutdown.getStatus().getCode());
        assertTrue(retryDelay(details(shutdown)).compareTo(Duration.ZERO) > 0);
        assertEquals("SHUTTING_DOWN", errorInfo(details(shutdown)).getReason());
    }

    @Test
    void modelNotReadyBecomesUnavailableWithRetryInfo() throws Exception {
        StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(
                new ModelNotReadyException("Model 'clip' is warming up"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        com.google.rpc.Status status = details(e);
        assertEquals("Model 'clip' is warming up", status.getMessage());
        assertTrue(retryDelay(status).compareTo(Duration.ZERO) > 0, "RetryInfo must carry a positive delay");
        assertEquals("MODEL_NOT_READY", errorInfo(status).getReason());
    }

    @Test
    void completionAndExecutionExceptionsAreUnwrapped() throws Exception {
        QueueFullException full = new QueueFullException("clap", 8, Duration.ofMillis(40));
        StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(
                new CompletionException(new ExecutionException(full)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals(Duration.ofMillis(40), retryDelay(details(e)));

        StatusRuntimeException dropped = GrpcErrors.toStatusRuntimeException(new CompletionException(
                new RequestDroppedException(RequestDroppedException.Reason.CANCELLED, "gone")));
        assertEquals(Status.Code.CANCELLED, dropped.getStatus().getCode());
    }

    @Test
    void grpcExceptionsPassThrough() {
        StatusRuntimeException original = Status.NOT_FOUND.withDescription("no such model").asRuntimeException();
        assertSame(original, GrpcErrors.toStatusRuntimeException(new CompletionException(original)));

        Metadata trailers = new Metadata();
        Metadata.Key<String> key = Metadata.Key.of("x-test", Metadata.ASCII_STRING_MARSHALLER);
        trailers.put(key, "kept");
        StatusRuntimeException fromChecked = GrpcErrors.toStatusRuntimeException(
                new StatusException(Status.PERMISSION_DENIED.withDescription("nope"), trailers));
        assertEquals(Status.Code.PERMISSION_DENIED, fromChecked.getStatus().getCode());
        assertEquals("nope", fromChecked.getStatus().getDescription());
        assertEquals("kept", fromChecked.getTrailers().get(key));
    }

    @Test
    void unknownExceptionsBecomeInternal() throws Exception {
        StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(new IllegalStateException("tensor shape"));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        com.google.rpc.Status status = details(e);
        assertEquals("Internal error: IllegalStateException: tensor shape", status.getMessage());
        assertEquals("INTERNAL", errorInfo(status).getReason());

        StatusRuntimeException noMessage = GrpcErrors.toStatusRuntimeException(new NullPointerException());
        assertEquals(Status.Code.INTERNAL, noMessage.getStatus().getCode());
        assertEquals("Internal error: NullPointerException", noMessage.getStatus().getDescription());
    }

    @Test
    void toStatusGivesAPerItemRichStatus() throws Exception {
        com.google.rpc.Status full = GrpcErrors.toStatus(new CompletionException(
                new QueueFullException("clip", 4, Duration.ofMillis(300))));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), full.getCode());
        assertEquals(Duration.ofMillis(300), retryDelay(full));
        assertEquals("QUEUE_FULL", errorInfo(full).getReason());

        com.google.rpc.Status internal = GrpcErrors.toStatus(new ArithmeticException("/ by zero"));
        assertEquals(Status.Code.INTERNAL.value(), internal.getCode());
        assertEquals("INTERNAL", errorInfo(internal).getReason());

        // A plain gRPC exception without rich details still yields its code and message.
        com.google.rpc.Status plain = GrpcErrors.toStatus(Status.NOT_FOUND.withDescription("x").asRuntimeException());
        assertEquals(Status.Code.NOT_FOUND.value(), plain.getCode());
        assertEquals("x", plain.getMessage());

        com.google.rpc.Status ok = GrpcErrors.ok();
        assertEquals(0, ok.getCode());
        assertEquals(0, ok.getDetailsCount());

        com.google.rpc.Status invalid = GrpcErrors.invalidArgumentStatus("BAD", "texts[0]", "empty");
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), invalid.getCode());
        assertEquals("texts[0]", detail(invalid, BadRequest.class).orElseThrow().getFieldViolations(0).getField());
    }
}
