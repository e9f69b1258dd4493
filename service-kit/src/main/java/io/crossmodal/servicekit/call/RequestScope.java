package io.crossmodal.servicekit.call;

import java.util.function.BooleanSupplier;

/**
 * What the batcher needs to know about the caller of one item: when its answer stops being useful, and whether it
 * still wants it. Items whose deadline has passed, or whose caller cancelled, are dropped before inference.
 *
 * @param deadlineNanos {@link System#nanoTime()} after which the caller no longer waits, or {@link Long#MAX_VALUE}
 * @param cancelled true once the caller has gone away
 */
public record RequestScope(long deadlineNanos, BooleanSupplier cancelled) {

    /** A caller without deadline that never cancels (in-process use, warm-up). */
    public static final RequestScope UNBOUNDED = new RequestScope(Long.MAX_VALUE, () -> false);

    /** A caller with a deadline of {@code timeoutNanos} from now that never cancels. */
    public static RequestScope withTimeout(long timeoutNanos) {
        return new RequestScope(System.nanoTime() + timeoutNanos, () -> false);
    }

    /** True once the deadline has passed at {@code nowNanos} ({@link System#nanoTime()}). */
    public boolean expired(long nowNanos) {
        return deadlineNanos != Long.MAX_VALUE && nowNanos - deadlineNanos >= 0;
    }
}
