package io.crossmodal.runtime.batch;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;

/** An item left the queue without inference because its caller stopped waiting. */
public final class RequestDroppedException extends ServiceException {
    private static final long serialVersionUID = 1L;

    /** Why the item was dropped. */
    public enum Reason {
        DEADLINE_EXCEEDED,
        CANCELLED,
        SHUTDOWN
    }

    private final Reason reason;

    public RequestDroppedException(Reason reason, String message) {
        super(
                kind(reason),
                code(reason),
                message,
                null,
                reason == Reason.SHUTDOWN ? Duration.ofSeconds(1) : null,
                Map.of(),
                null);
        this.reason = reason;
    }

    /** Why the item was dropped. */
    public Reason reason() {
        return reason;
    }

    private static Kind kind(Reason reason) {
        return switch (reason) {
            case DEADLINE_EXCEEDED -> Kind.DEADLINE_EXCEEDED;
            case CANCELLED -> Kind.CANCELLED;
            case SHUTDOWN -> Kind.UNAVAILABLE;
        };
    }

    private static String code(Reason reason) {
        return switch (reason) {
            case DEADLINE_EXCEEDED -> "DEADLINE";
            case CANCELLED -> "CANCELLED";
            case SHUTDOWN -> "SHUTTING_DOWN";
        };
    }
}
