package io.crossmodal.runtime.batch;

/** An item left the queue without inference because its caller stopped waiting. */
public final class RequestDroppedException extends RuntimeException {

    /** Why the item was dropped. */
    public enum Reason {
        DEADLINE_EXCEEDED,
        CANCELLED,
        SHUTDOWN
    }

    private final Reason reason;

    public RequestDroppedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
