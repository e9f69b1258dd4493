package io.crossmodal.fusion.encode;

import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.downstream.Downstream;
import io.crossmodal.fusion.v1.ModalityStatus;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * How one encoder fared in one Encode call, which may call it several times (batches, descriptions, target
 * spaces): the first call-level error, and the time the encoder had work of this request in flight (the union of
 * the calls' intervals, so parallel calls are not counted twice and time spent waiting on another encoder is not
 * counted at all). Every call goes through {@link #call}, which also turns its error into the gateway's terms.
 */
final class EncoderTally {

    private final Modality modality;
    private final String encoder;
    private final Duration unavailableRetry;
    private final List<long[]> intervals = new ArrayList<>();
    private com.google.rpc.Status firstError;

    EncoderTally(Modality modality, String encoder, Duration unavailableRetry) {
        this.modality = modality;
        this.encoder = encoder;
        this.unavailableRetry = unavailableRetry;
    }

    String encoder() {
        return encoder;
    }

    /**
     * Runs one encoder call; the returned future never fails: an error arrives as a failed {@link Outcome} carrying
     * the encoder's status translated with {@code fieldPath}.
     */
    <T> CompletableFuture<Outcome<T>> call(Supplier<CompletableFuture<T>> call, UnaryOperator<String> fieldPath) {
        long start = System.nanoTime();
        CompletableFuture<T> running;
        try {
            running = call.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return running.handle((value, error) -> {
            com.google.rpc.Status status =
                    error == null ? null : Downstream.translate(encoder, error, fieldPath, unavailableRetry);
            record(start, System.nanoTime(), status);
            return error == null ? Outcome.ok(value) : Outcome.<T>failed(status);
        });
    }

    /** An item status the encoder returned inside a successful answer, in the gateway's terms (no RetryInfo added). */
    com.google.rpc.Status itemStatus(com.google.rpc.Status status, UnaryOperator<String> fieldPath) {
        return Downstream.translate(encoder, Downstream.toException(status), fieldPath, Duration.ZERO);
    }

    private synchronized void record(long start, long end, com.google.rpc.Status error) {
        intervals.add(new long[] {start, end});
        if (error != null && firstError == null) {
            firstError = error;
        }
    }

    /** The modality's status for the response, or empty when this request never called the encoder. */
    synchronized Optional<ModalityStatus> modalityStatus() {
        if (intervals.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ModalityStatus.newBuilder()
                .setModality(modality)
                .setStatus(firstError == null ? GrpcErrors.ok() : firstError)
                .setLatencyMs((int) (busyNanos() / 1_000_000))
                .build());
    }

    private long busyNanos() {
        List<long[]> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(i -> i[0]));
        long total = 0;
        long start = sorted.get(0)[0];
        long end = sorted.get(0)[1];
        for (long[] i : sorted.subList(1, sorted.size())) {
            if (i[0] > end) {
                total += end - start;
                start = i[0];
                end = i[1];
            } else {
                end = Math.max(end, i[1]);
            }
        }
        return total + (end - start);
    }
}
