package io.crossmodal.servicekit.error;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A failure that domain code raises for a caller to see, described in the domain's terms: what kind of failure it is,
 * a stable machine-readable reason, the request field it concerns (if the domain knows it), how long to wait before a
 * retry (if a retry can help) and the dynamic values worth reporting. Domain packages throw these and never build
 * transport errors; {@code io.crossmodal.servicekit.grpc.GrpcErrors} is the one place that turns them into gRPC
 * statuses (ErrorInfo always, BadRequest for invalid input, RetryInfo when a retry helps).
 */
public class ServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as a caller must understand it. Each kind has exactly one gRPC code. */
    public enum Kind {
        /** The request is wrong (a field's value, an unreadable input); retrying it unchanged fails again. */
        INVALID_INPUT,
        /** A named thing (a model, a voice) does not exist here. */
        NOT_FOUND,
        /** The service is at capacity (queue, budget, worker slots): retry after a while. */
        OVERLOADED,
        /** The service cannot answer now (loading, shutting down, a dependency down): retry after a while. */
        UNAVAILABLE,
        /** The caller's deadline passed before the work was done. */
        DEADLINE_EXCEEDED,
        /** The caller went away. */
        CANCELLED,
        /** The request asks for something this deployment does not provide (a model not installed). */
        UNSUPPORTED,
        /** A fault of the service itself. */
        INTERNAL
    }

    private final Kind kind;
    private final String reason;
    private final String field;
    private final Duration retryAfter;
    private final Map<String, String> metadata;

    public ServiceException(Kind kind, String reason, String message) {
        this(kind, reason, message, null, null, Map.of(), null);
    }

    /**
     * @param reason the ErrorInfo reason: UPPER_SNAKE_CASE, stable across releases
     * @param field the request field at fault ("texts[3]", "language"), or null when the caller's layer knows it
     * @param retryAfter how long a caller should wait before retrying, or null when retrying does not help
     * @param metadata dynamic values for ErrorInfo.metadata (limits, sizes), never the message's prose
     */
    public ServiceException(
            Kind kind,
            String reason,
            String message,
            String field,
            Duration retryAfter,
            Map<String, String> metadata,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.reason = reason;
        this.field = field;
        this.retryAfter = retryAfter;
        this.metadata = Map.copyOf(metadata);
    }

    public Kind kind() {
        return kind;
    }

    /** The ErrorInfo reason. */
    public String reasonCode() {
        return reason;
    }

    /**
     * The request field at fault, when the domain knows it. Named so that a subclass can keep a plain
     * {@code field()} accessor of its own (a domain exception that always knows its field).
     */
    public Optional<String> requestField() {
        return Optional.ofNullable(field);
    }

    public Optional<Duration> retryDelay() {
        return Optional.ofNullable(retryAfter);
    }

    public Map<String, String> metadata() {
        return metadata;
    }
}
