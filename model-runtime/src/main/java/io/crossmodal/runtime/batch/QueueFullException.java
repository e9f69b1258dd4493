package io.crossmodal.runtime.batch;

import java.time.Duration;

/** The model's queue is at capacity: the caller should retry after {@link #retryAfter()}. */
public final class QueueFullException extends RuntimeException {
    private final String model;
    private final int capacity;
    private final Duration retryAfter;

    public QueueFullException(String model, int capacity, Duration retryAfter) {
        super("The queue of model '" + model + "' is full (" + capacity + " items waiting); retry after "
                + retryAfter.toMillis() + " ms");
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
