package io.crossmodal.servicekit.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.error.InvalidFieldsException;
import io.crossmodal.servicekit.error.ServiceException;
import io.crossmodal.servicekit.health.ModelNotReadyException;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
        return GrpcTestKit.richStatus(e);
    }

    private static ErrorInfo errorInfo(com.google.rpc.Status status) {
        assertEquals(GrpcErrors.DOMAIN, GrpcTestKit.errorInfo(status).getDomain());
        return GrpcTestKit.errorInfo(status);
    }

    private static Duration retryDelay(com.google.rpc.Status status) {
        return GrpcTestKit.retryDelay(status);
    }

    @Test
    void invalidArgumentCarriesFieldViolationsAndErrorInfo() throws Exception {
        StatusRuntimeException e = GrpcErrors.invalidArgument(
                "TEXT_TOO_LONG",
                List.of(
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
    void modelNotReadyBecomesUnavailableWithRetryInfo() throws Exception {
        StatusRuntimeException e =
                GrpcErrors.toStatusRuntimeException(new ModelNotReadyException("Model 'clip' is warming up"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        com.google.rpc.Status status = details(e);
        assertEquals("Model 'clip' is warming up", status.getMessage());
        assertTrue(retryDelay(status).compareTo(Duration.ZERO) > 0, "RetryInfo must carry a positive delay");
        assertEquals("MODEL_NOT_READY", errorInfo(status).getReason());
    }

    @Test
    void grpcExceptionsPassThrough() {
        StatusRuntimeException original =
                Status.NOT_FOUND.withDescription("no such model").asRuntimeException();
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
        assertEquals(
                "Internal error: NullPointerException", noMessage.getStatus().getDescription());
    }

    @Test
    void toStatusGivesAPerItemRichStatus() throws Exception {
        com.google.rpc.Status full = GrpcErrors.toStatus(new CompletionException(new ServiceException(
                ServiceException.Kind.OVERLOADED, "QUEUE_FULL", "full", null, Duration.ofMillis(300), Map.of(), null)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), full.getCode());
        assertEquals(Duration.ofMillis(300), retryDelay(full));
        assertEquals("QUEUE_FULL", errorInfo(full).getReason());

        com.google.rpc.Status internal = GrpcErrors.toStatus(new ArithmeticException("/ by zero"));
        assertEquals(Status.Code.INTERNAL.value(), internal.getCode());
        assertEquals("INTERNAL", errorInfo(internal).getReason());

        // A plain gRPC exception without rich details still yields its code and message.
        com.google.rpc.Status plain =
                GrpcErrors.toStatus(Status.NOT_FOUND.withDescription("x").asRuntimeException());
        assertEquals(Status.Code.NOT_FOUND.value(), plain.getCode());
        assertEquals("x", plain.getMessage());

        com.google.rpc.Status ok = GrpcErrors.ok();
        assertEquals(0, ok.getCode());
        assertEquals(0, ok.getDetailsCount());

        com.google.rpc.Status invalid = GrpcErrors.invalidArgumentStatus("BAD", "texts[0]", "empty");
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), invalid.getCode());
        assertEquals(
                "texts[0]",
                detail(invalid, BadRequest.class)
                        .orElseThrow()
                        .getFieldViolations(0)
                        .getField());
    }

    @Test
    void everyKindOfServiceFailureHasItsCodeAndDetails() throws Exception {
        Map<ServiceException.Kind, Status.Code> codes = Map.of(
                ServiceException.Kind.INVALID_INPUT, Status.Code.INVALID_ARGUMENT,
                ServiceException.Kind.NOT_FOUND, Status.Code.NOT_FOUND,
                ServiceException.Kind.OVERLOADED, Status.Code.RESOURCE_EXHAUSTED,
                ServiceException.Kind.UNAVAILABLE, Status.Code.UNAVAILABLE,
                ServiceException.Kind.DEADLINE_EXCEEDED, Status.Code.DEADLINE_EXCEEDED,
                ServiceException.Kind.CANCELLED, Status.Code.CANCELLED,
                ServiceException.Kind.UNSUPPORTED, Status.Code.UNIMPLEMENTED,
                ServiceException.Kind.INTERNAL, Status.Code.INTERNAL);
        assertEquals(ServiceException.Kind.values().length, codes.size(), "every kind is mapped");
        for (var entry : codes.entrySet()) {
            ServiceException failure = new ServiceException(
                    entry.getKey(), "SOME_REASON", "what happened", null, null, Map.of("limit", "42"), null);
            StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(new ExecutionException(failure));
            assertEquals(
                    entry.getValue(), e.getStatus().getCode(), entry.getKey().name());
            com.google.rpc.Status status = details(e);
            ErrorInfo info = errorInfo(status);
            assertEquals("SOME_REASON", info.getReason());
            assertEquals("42", info.getMetadataOrThrow("limit"));
            boolean retryable = entry.getKey() == ServiceException.Kind.OVERLOADED
                    || entry.getKey() == ServiceException.Kind.UNAVAILABLE;
            assertEquals(
                    retryable,
                    detail(status, RetryInfo.class).isPresent(),
                    entry.getKey().name());
            if (retryable) {
                assertEquals(Duration.ofSeconds(1), retryDelay(status), "the default retry delay");
            }
        }
    }

    @Test
    void invalidInputIsReportedOnItsOwnFieldElseOnTheCallersField() throws Exception {
        ServiceException withField = new ServiceException(
                ServiceException.Kind.INVALID_INPUT,
                "BAD_LANGUAGE",
                "not a BCP-47 tag",
                "language",
                null,
                Map.of(),
                null);
        com.google.rpc.Status own = GrpcErrors.toStatus(withField, "audio");
        assertEquals("language: not a BCP-47 tag", own.getMessage());
        assertEquals(
                "language",
                detail(own, BadRequest.class)
                        .orElseThrow()
                        .getFieldViolations(0)
                        .getField());

        ServiceException withoutField =
                new ServiceException(ServiceException.Kind.INVALID_INPUT, "CORRUPT", "the png image is truncated");
        com.google.rpc.Status onCall = GrpcErrors.toStatus(withoutField, "images[2]");
        assertEquals("images[2]: the png image is truncated", onCall.getMessage());
        assertEquals(
                "images[2]",
                detail(onCall, BadRequest.class)
                        .orElseThrow()
                        .getFieldViolations(0)
                        .getField());
        assertEquals("CORRUPT", errorInfo(onCall).getReason());
    }

    @Test
    void severalInvalidFieldsAreAllReported() throws Exception {
        InvalidFieldsException both = new InvalidFieldsException(
                "REQUEST_LIMIT",
                List.of(
                        new InvalidFieldsException.Violation("texts", "65 texts exceed the limit of 64"),
                        new InvalidFieldsException.Violation("texts", "70000 bytes exceed the limit of 65536")));
        StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(both);
        com.google.rpc.Status status = details(e);
        assertEquals(
                "2 invalid fields: texts: 65 texts exceed the limit of 64; texts: 70000 bytes exceed the limit"
                        + " of 65536",
                status.getMessage());
        assertEquals(2, detail(status, BadRequest.class).orElseThrow().getFieldViolationsCount());
        assertEquals("REQUEST_LIMIT", errorInfo(status).getReason());

        StatusRuntimeException one = GrpcErrors.toStatusRuntimeException(new InvalidFieldsException(
                "EMPTY_TEXT", List.of(new InvalidFieldsException.Violation("texts[1]", "text is empty"))));
        assertEquals("texts[1]: text is empty", one.getStatus().getDescription());
    }
}
