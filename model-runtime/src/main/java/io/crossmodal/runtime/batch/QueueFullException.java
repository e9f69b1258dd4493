package io.crossmodal.runtime.batch;

import io.crossmodal.servicekit.error.ServiceException;
import java.time.Duration;
import java.util.Map;

/** The model's queue is at capacity: the caller should retry after {@link #retryAfter()}. */
public final class QueueFullException extends ServiceException {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final int capacity;
    private final Duration retryAfter;

    public QueueFullException(String model, int capacity, Duration retryAfter) {
        super(
                Kind.OVERLOADED,
                "QUEUE_FULL",
                "The queue of model '" + model + "' is full (" + capacity + " items waiting); retry after "
                        + retryAfter.toMillis() + " ms",
                null,
                retryAfter,
                Map.of("model", model, "queue_capacity", Integer.toString(capacity)),
                null);
        this.model = model;
        this.capacity = capacity;
        this.retryAfter = retryAfter;
    }

    public String model() {
        return model;
    }

    public int capacity() {
        return capacity;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
