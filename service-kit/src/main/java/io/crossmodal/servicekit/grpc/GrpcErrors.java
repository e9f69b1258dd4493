package io.crossmodal.servicekit.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.error.InvalidFieldsException;
import io.crossmodal.servicekit.error.ServiceException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Builds gRPC errors with {@code google.rpc.Status} details, as the API principles ask: {@code BadRequest} field
 * violations for INVALID_ARGUMENT, {@code RetryInfo} for RESOURCE_EXHAUSTED and UNAVAILABLE, an {@code ErrorInfo}
 * (reason + domain) on everything so clients can branch without parsing messages.
 *
 * <p>It is also the one mapping from domain failures to statuses: domain code throws {@link ServiceException}s and
 * this class, called by the gRPC fronts and by {@link ErrorMappingInterceptor}, gives each kind its code and
 * details.
 */
public final class GrpcErrors {

    /** The {@code ErrorInfo.domain} of every error Crossmodal raises. */
    public static final String DOMAIN = "crossmodal.io";

    /** The retry delay of an overload or unavailability that names none. */
    private static final java.time.Duration DEFAULT_RETRY = java.time.Duration.ofSeconds(1);

    private GrpcErrors() {}

    /** One field violation: the field path in the request ("texts[3]") and what is wrong with it. */
    public record FieldViolation(String field, String description) {}

    public static com.google.rpc.Status invalidArgumentStatus(String reason, List<FieldViolation> violations) {
        return invalidArgumentStatus(reason, violations, Map.of());
    }

    private static com.google.rpc.Status invalidArgumentStatus(
            String reason, List<FieldViolation> violations, Map<String, String> metadata) {
        String message = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " invalid fields: "
                        + String.join(
                                "; ",
                                violations.stream()
                                        .map(v -> v.field() + ": " + v.description())
                                        .toList());
        BadRequest.Builder badRequest = BadRequest.newBuilder();
        for (FieldViolation v : violations) {
            badRequest.addFieldViolations(
                    BadRequest.FieldViolation.newBuilder().setField(v.field()).setDescription(v.description()));
        }
        return status(Status.Code.INVALID_ARGUMENT, message, reason, metadata)
                .addDetails(Any.pack(badRequest.build()))
                .build();
    }

    public static com.google.rpc.Status invalidArgumentStatus(String reason, String field, String description) {
        return invalidArgumentStatus(reason, List.of(new FieldViolation(field, description)));
    }

    public static StatusRuntimeException invalidArgument(String reason, List<FieldViolation> violations) {
        return StatusProto.toStatusRuntimeException(invalidArgumentStatus(reason, violations));
    }

    public static StatusRuntimeException invalidArgument(String reason, String field, String description) {
        return invalidArgument(reason, List.of(new FieldViolation(field, description)));
    }

    public static com.google.rpc.Status retryableStatus(
            Status.Code code, String message, String reason, java.time.Duration retryAfter) {
        return retryable(code, message, reason, Map.of(), retryAfter);
    }

    private static com.google.rpc.Status retryable(
            Status.Code code,
            String message,
            String reason,
            Map<String, String> metadata,
            java.time.Duration retryAfter) {
        RetryInfo retry = RetryInfo.newBuilder()
                .setRetryDelay(Duration.newBuilder()
                        .setSeconds(retryAfter.getSeconds())
                        .setNanos(retryAfter.getNano()))
                .build();
        return status(code, message, reason, metadata)
                .addDetails(Any.pack(retry))
                .build();
    }

    public static StatusRuntimeException resourceExhausted(String message, String reason, java.time.Duration retry) {
        return StatusProto.toStatusRuntimeException(
                retryableStatus(Status.Code.RESOURCE_EXHAUSTED, message, reason, retry));
    }

    public static StatusRuntimeException unavailable(String message, String reason, java.time.Duration retry) {
        return StatusProto.toStatusRuntimeException(retryableStatus(Status.Code.UNAVAILABLE, message, reason, retry));
    }

    public static com.google.rpc.Status simpleStatus(Status.Code code, String message, String reason) {
        return status(code, message, reason, Map.of()).build();
    }

    public static StatusRuntimeException error(Status.Code code, String message, String reason) {
        return StatusProto.toStatusRuntimeException(simpleStatus(code, message, reason));
    }

    public static com.google.rpc.Status ok() {
        return com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.OK.value())
                .build();
    }

    /** A {@code google.rpc.Status} for a per-item result, from any exception a service raised for that item. */
    public static com.google.rpc.Status toStatus(Throwable error) {
        return toStatus(error, null);
    }

    /**
     * {@link #toStatus(Throwable)} for an item or call whose input is {@code field}: invalid input that does not
     * name its own field is reported on this one.
     */
    public static com.google.rpc.Status toStatus(Throwable error, String field) {
        StatusRuntimeException sre = toStatusRuntimeException(error, field);
        com.google.rpc.Status proto = StatusProto.fromThrowable(sre);
        return proto != null
                ? proto
                : simpleStatus(
                        sre.getStatus().getCode(),
                        String.valueOf(sre.getStatus().getDescription()),
                        "INTERNAL");
    }

    /** Maps domain failures ({@link ServiceException}) to gRPC errors; unknown ones become INTERNAL. */
    public static StatusRuntimeException toStatusRuntimeException(Throwable error) {
        return toStatusRuntimeException(error, null);
    }

    /**
     * {@link #toStatusRuntimeException(Throwable)} for a call or item whose input is {@code field} (may be null):
     * invalid input that does not name its own field is reported on this one.
     */
    public static StatusRuntimeException toStatusRuntimeException(Throwable error, String field) {
        Throwable e = unwrap(error);
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (e instanceof io.grpc.StatusException se) {
            return se.getStatus().asRuntimeException(se.getTrailers());
        }
        if (e instanceof ServiceException failure) {
            return StatusProto.toStatusRuntimeException(fromServiceException(failure, field));
        }
        return error(
                Status.Code.INTERNAL,
                "Internal error: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                "INTERNAL");
    }

    private static com.google.rpc.Status fromServiceException(ServiceException e, String callField) {
        String message = String.valueOf(e.getMessage());
        java.time.Duration retry = e.retryDelay().orElse(DEFAULT_RETRY);
        return switch (e.kind()) {
            case INVALID_INPUT -> {
                if (e instanceof InvalidFieldsException fields
                        && fields.violations().size() > 1) {
                    yield invalidArgumentStatus(
                            e.reasonCode(),
                            fields.violations().stream()
                                    .map(v -> new FieldViolation(v.field(), v.description()))
                                    .toList(),
                            e.metadata());
                }
                String field = e.requestField().orElse(callField);
                yield field == null
                        ? status(Status.Code.INVALID_ARGUMENT, message, e.reasonCode(), e.metadata())
                                .build()
                        : invalidArgumentStatus(
                                e.reasonCode(), List.of(new FieldViolation(field, message)), e.metadata());
            }
            case NOT_FOUND ->
                status(Status.Code.NOT_FOUND, message, e.reasonCode(), e.metadata())
                        .build();
            case OVERLOADED -> retryable(Status.Code.RESOURCE_EXHAUSTED, message, e.reasonCode(), e.metadata(), retry);
            case UNAVAILABLE -> retryable(Status.Code.UNAVAILABLE, message, e.reasonCode(), e.metadata(), retry);
            case DEADLINE_EXCEEDED ->
                status(Status.Code.DEADLINE_EXCEEDED, message, e.reasonCode(), e.metadata())
                        .build();
            case CANCELLED ->
                status(Status.Code.CANCELLED, message, e.reasonCode(), e.metadata())
                        .build();
            case UNSUPPORTED ->
                status(Status.Code.UNIMPLEMENTED, message, e.reasonCode(), e.metadata())
                        .build();
            case INTERNAL ->
                status(Status.Code.INTERNAL, message, e.reasonCode(), e.metadata())
                        .build();
        };
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static com.google.rpc.Status.Builder status(
            Status.Code code, String message, String reason, Map<String, String> metadata) {
        return com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message)
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain(DOMAIN)
                        .putAllMetadata(metadata)
                        .build()));
    }
}
