package io.crossmodal.fusion.downstream;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Deadlines for encoder calls, and translation of encoder errors into the gateway's terms. */
public final class Downstream {

    private static final java.util.regex.Pattern INDEXED_FIELD =
            java.util.regex.Pattern.compile("\\b[a-z_]+\\[\\d+](\\.[a-z_]+)*");

    private Downstream() {}

    /**
     * The caller's deadline, taken from the current gRPC call, or {@code fallback} from now when it set none. Passed
     * explicitly to every encoder call so the encoder sees the same deadline and drops work nobody waits for.
     */
    public static Deadline callerDeadline(Duration fallback) {
        Deadline deadline = Context.current().getDeadline();
        Deadline fallbackDeadline = Deadline.after(fallback.toMillis(), TimeUnit.MILLISECONDS);
        return deadline == null ? fallbackDeadline : deadline;
    }

    /**
     * An encoder's error as the gateway reports it: same code and details, the message prefixed with the encoder,
     * BadRequest field paths rewritten into the gateway request's terms, and RetryInfo added to UNAVAILABLE errors
     * that lack it (a refused connection carries none).
     */
    public static com.google.rpc.Status translate(
            String encoder, Throwable error, UnaryOperator<String> fieldPath, Duration unavailableRetry) {
        com.google.rpc.Status original = GrpcErrors.toStatus(error);
        String message = rewriteIndexedFields(original.getMessage(), fieldPath);
        com.google.rpc.Status.Builder out = original.toBuilder().clearDetails();
        boolean hasRetry = false;
        for (Any detail : original.getDetailsList()) {
            if (detail.is(BadRequest.class)) {
                BadRequest badRequest = unpack(detail, BadRequest.class);
                for (BadRequest.FieldViolation v : badRequest.getFieldViolationsList()) {
                    message = rewriteNamedField(message, v.getField(), fieldPath);
                }
                out.addDetails(Any.pack(rewrite(badRequest, fieldPath)));
            } else {
                hasRetry |= detail.is(RetryInfo.class);
                out.addDetails(detail);
            }
        }
        out.setMessage(encoder + ": " + message);
        if (original.getCode() == Status.Code.UNAVAILABLE.value() && !hasRetry) {
            out.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(unavailableRetry.getSeconds())
                            .setNanos(unavailableRetry.getNano()))
                    .build()));
        }
        return out.build();
    }

    /** Rewrites indexed field paths ("texts[2]") inside a message, so message and details agree. */
    static String rewriteIndexedFields(String message, UnaryOperator<String> fieldPath) {
        java.util.regex.Matcher m = INDEXED_FIELD.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(fieldPath.apply(m.group())));
        }
        return m.appendTail(out).toString();
    }

    /**
     * Rewrites a field the encoder named without an index ("image" of a single-image call) where its error message
     * names it: at the start, or after the "; " / "fields: " that join several violations. Indexed names are left to
     * {@link #rewriteIndexedFields}; a bare word elsewhere in the sentence ("the png image is ...") is prose, not a
     * field, and stays.
     */
    static String rewriteNamedField(String message, String field, UnaryOperator<String> fieldPath) {
        if (field.isEmpty() || field.contains("[")) {
            return message;
        }
        String mapped = fieldPath.apply(field);
        if (mapped.equals(field)) {
            return message;
        }
        return message.replaceAll(
                "(^|; |fields: )" + java.util.regex.Pattern.quote(field) + ": ",
                "$1" + java.util.regex.Matcher.quoteReplacement(mapped) + ": ");
    }

    public static StatusRuntimeException toException(com.google.rpc.Status status) {
        return StatusProto.toStatusRuntimeException(status);
    }

    private static BadRequest rewrite(BadRequest badRequest, UnaryOperator<String> fieldPath) {
        BadRequest.Builder b = BadRequest.newBuilder();
        for (BadRequest.FieldViolation v : badRequest.getFieldViolationsList()) {
            b.addFieldViolations(v.toBuilder().setField(fieldPath.apply(v.getField())));
        }
        return b.build();
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Malformed error detail " + any.getTypeUrl(), e);
        }
    }
}
