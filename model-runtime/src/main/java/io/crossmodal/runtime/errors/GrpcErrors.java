package io.crossmodal.runtime.errors;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;

/**
 * Builds gRPC errors with {@code google.rpc.Status} details, as the API principles ask: {@code BadRequest} field
 * violations for INVALID_ARGUMENT, {@code RetryInfo} for RESOURCE_EXHAUSTED and UNAVAILABLE, an {@code ErrorInfo}
 * (reason + domain) on everything so clients can branch without parsing messages.
 */
public final class GrpcErrors {

    /** The {@code ErrorInfo.domain} of every error Crossmodal raises. */
    public static final String DOMAIN = "crossmodal.io";

    private GrpcErrors() {}

    /** One field violation: the field path in the request ("texts[3]") and what is wrong with it. */
    public record FieldViolation(String field, String description) {}

    public static com.google.rpc.Status invalidArgumentStatus(String reason, List<FieldViolation> violations) {
        String message = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).description()
                : violations.size() + " invalid fields: " + String.join("; ",
                        violations.stream().map(v -> v.field() + ": " + v.description()).toList());
        BadRequest.Builder badRequest = BadRequest.newBuilder();
        for (FieldViolation v : violations) {
            badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                    .setField(v.field())
                    .setDescription(v.description()));
        }
        return status(Status.Code.INVALID_ARGUMENT, message, reason, Map.of())
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
        RetryInfo retry = RetryInfo.newBuilder()
                .setRetryDelay(Duration.newBuilder()
                        .setSeconds(retryAfter.getSeconds())
                        .setNanos(retryAfter.getNano()))
                .build();
        return status(code, message, reason, Map.of()).addDetails(Any.pack(retry)).build();
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
        return com.google.rpc.Status.newBuilder().setCode(Status.Code.OK.value()).build();
    }

    /** A {@code google.rpc.Status} for a per-item result, from any exception a service raised for that item. */
    public static com.google.rpc.Status toStatus(Throwable error) {
        StatusRuntimeException sre = toStatusRuntimeException(error);
        com.google.rpc.Status proto = StatusProto.fromThrowable(sre);
        return proto != null ? proto : simpleStatus(sre.getStatus().getCode(),
                String.valueOf(sre.getStatus().getDescription()), "INTERNAL");
    }

    /** Maps domain exceptions (queue full, dropped, not ready) to gRPC errors; unknown ones become INTERNAL. */
    public static StatusRuntimeException toStatusRuntimeException(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (e instanceof io.grpc.StatusException se) {
            return se.getStatus().asRuntimeException(se.getTrailers());
        }
        if (e instanceof io.crossmodal.runtime.batch.QueueFullException full) {
            return resourceExhausted(full.getMessage(), "QUEUE_FULL", full.retryAfter());
        }
        if (e instanceof io.crossmodal.runtime.batch.RequestDroppedException dropped) {
            return switch (dropped.reason()) {
                case DEADLINE_EXCEEDED -> error(Status.Code.DEADLINE_EXCEEDED, dropped.getMessage(), "DEADLINE");
                case CANCELLED -> error(Status.Code.CANCELLED, dropped.getMessage(), "CANCELLED");
                case SHUTDOWN -> unavailable(dropped.getMessage(), "SHUTTING_DOWN", java.time.Duration.ofSeconds(1));
            };
        }
        if (e instanceof ModelNotReadyException notReady) {
            return unavailable(notReady.getMessage(), "MODEL_NOT_READY", java.time.Duration.ofSeconds(2));
        }
        return error(Status.Code.INTERNAL, "Internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), "INTERNAL");
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof java.util.concurrent.CompletionException
                        || current instanceof java.util.concurrent.ExecutionException)
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
