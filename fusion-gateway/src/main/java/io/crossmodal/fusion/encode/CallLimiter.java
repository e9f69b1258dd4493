package io.crossmodal.fusion.encode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps at most {@code limit} calls of one Encode call in flight to an encoder; the rest start, in submission
 * order, as earlier ones finish. Without it a request of 256 images would put 256 DescribeImage calls at once on
 * a vision service whose model queues hold 64 images.
 */
final class CallLimiter {

    private final int limit;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    CallLimiter(int limit) {
        this.limit = limit;
    }

    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> running;
            try {
                running = call.get();
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((value, error) -> {
                release();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        };
        boolean startNow;
        synchronized (this) {
            startNow = inFlight < limit;
            if (startNow) {
                inFlight++;
            } else {
                waiting.add(start);
            }
        }
        if (startNow) {
            start.run();
        }
        return result;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
            }
        }
        if (next != null) {
            next.run(); // takes over the slot the finished call held
        }
    }
}
