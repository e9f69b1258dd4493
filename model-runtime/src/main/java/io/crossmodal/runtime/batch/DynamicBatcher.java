package io.crossmodal.runtime.batch;

import io.crossmodal.servicekit.call.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups single requests for one model into batches.
 *
 * <p>A batch closes when it holds {@code maxBatchSize} items, when adding the next item would exceed the cost
 * budget, or when its oldest item has waited {@code maxQueueDelay}. The queue is bounded: a submit to a full queue
 * throws {@link QueueFullException} at once (the caller answers RESOURCE_EXHAUSTED) rather than letting latency
 * grow without bound. Items whose deadline passed or whose caller cancelled are dropped right before inference.
 *
 * <p>One worker thread runs the batches, so the batch function may hold one non-thread-safe DJL predictor.
 *
 * @param <I> one item's prepared input (e.g. token ids)
 * @param <O> one item's output (e.g. a vector)
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {

    /** Runs one batch; returns one output per input, in order. */
    @FunctionalInterface
    public interface BatchFunction<I, O> {
        List<O> run(List<I> inputs) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);
    private static final Duration MIN_RETRY_AFTER = Duration.ofMillis(20);

    private final String name;
    private final BatcherConfig config;
    private final BatchFunction<I, O> function;
    private final BatchMetrics metrics;
    private final BlockingQueue<Pending<I, O>> queue;
    private final Thread worker;
    private final AtomicLong batchNanosEwma = new AtomicLong();
    private volatile boolean running = true;
    /** An item taken from the queue that did not fit the previous batch's budget; first in the next one. */
    private Pending<I, O> carried;

    public DynamicBatcher(String name, BatcherConfig config, BatchFunction<I, O> function, BatchMetrics metrics) {
        this.name = name;
        this.config = config;
        this.function = function;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        metrics.bindQueueDepth(this::queueDepth);
        this.worker = new Thread(this::workLoop, "batcher-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    public BatcherConfig config() {
        return config;
    }

    /** Items waiting, not counting the batch running now. */
    public int queueDepth() {
        return queue.size() + (carried == null ? 0 : 1);
    }

    /**
     * Queues one item.
     *
     * @param cost the item's cost in the budget's unit (e.g. its token count)
     * @throws QueueFullException when the queue is at capacity
     */
    public CompletableFuture<O> submit(I input, long cost, RequestScope scope) {
        if (!running) {
            throw new IllegalStateException("Batcher " + name + " is closed");
        }
        Pending<I, O> pending = new Pending<>(input, Math.max(cost, 1), scope, System.nanoTime());
        if (!queue.offer(pending)) {
            metrics.rejected();
            throw new QueueFullException(name, config.queueCapacity(), retryAfter());
        }
        if (!running && queue.remove(pending)) {
            // close() ran between the check above and the offer: nobody would complete this item.
            throw new IllegalStateException("Batcher " + name + " is closed");
        }
        return pending.future;
    }

    /** A hint for refused callers: roughly the time to drain a full queue. */
    private Duration retryAfter() {
        long perBatch = batchNanosEwma.get();
        long batchesToDrain = (config.queueCapacity() + config.maxBatchSize() - 1) / config.maxBatchSize();
        Duration estimate = Duration.ofNanos(perBatch * batchesToDrain);
        return estimate.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : estimate;
    }

    private void workLoop() {
        while (running) {
            try {
                List<Pending<I, O>> batch = collectBatch();
                if (!batch.isEmpty()) {
                    runBatch(batch);
                }
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                // Never let the worker die: a dead worker would hang every later request.
                LOG.error("Batcher {} worker error", name, e);
            }
        }
        failRemaining();
    }

    private List<Pending<I, O>> collectBatch() throws InterruptedException {
        Pending<I, O> first = carried;
        carried = null;
        if (first == null) {
            first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null) {
                return List.of();
            }
        }
        List<Pending<I, O>> batch = new ArrayList<>(config.maxBatchSize());
        long maxCost = 0;
        long sumCost = 0;
        long flushAt = first.enqueuedNanos + config.maxQueueDelay().toNanos();
        Pending<I, O> next = first;
        while (true) {
            if (next != null && !dropIfDead(next, System.nanoTime())) {
                long newMax = Math.max(maxCost, next.cost);
                long newCost = config.costModel().batchCost(newMax, sumCost + next.cost, batch.size() + 1);
                if (!batch.isEmpty() && newCost > config.maxBatchCost()) {
                    carried = next;
                    break;
                }
                batch.add(next);
                maxCost = newMax;
                sumCost += next.cost;
            }
            if (batch.size() >= config.maxBatchSize()) {
                break;
            }
            next = queue.poll();
            if (next == null) {
                long remaining = flushAt - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                next = queue.poll(remaining, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
        }
        return batch;
    }

    private void runBatch(List<Pending<I, O>> collected) {
        long start = System.nanoTime();
        List<Pending<I, O>> batch = new ArrayList<>(collected.size());
        for (Pending<I, O> p : collected) {
            if (!dropIfDead(p, start)) {
                batch.add(p);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>(batch.size());
        long maxCost = 0;
        long sumCost = 0;
        for (Pending<I, O> p : batch) {
            inputs.add(p.input);
            metrics.queueWait(start - p.enqueuedNanos);
            maxCost = Math.max(maxCost, p.cost);
            sumCost += p.cost;
        }
        metrics.batchStarted(batch.size(), config.costModel().batchCost(maxCost, sumCost, batch.size()));
        List<O> outputs;
        try {
            outputs = function.run(inputs);
            if (outputs == null || outputs.size() != inputs.size()) {
                throw new IllegalStateException("Batch function of " + name + " returned "
                        + (outputs == null ? "null" : outputs.size() + " outputs") + " for " + inputs.size()
                        + " inputs");
            }
        } catch (Exception | Error e) {
            long elapsed = System.nanoTime() - start;
            metrics.inference(elapsed, false);
            LOG.warn("Batch of {} on {} failed: {}", batch.size(), name, e.toString());
            batch.forEach(p -> p.future.completeExceptionally(e));
            return;
        }
        long elapsed = System.nanoTime() - start;
        metrics.inference(elapsed, true);
        batchNanosEwma.updateAndGet(old -> old == 0 ? elapsed : (old * 7 + elapsed) / 8);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).future.complete(outputs.get(i));
        }
    }

    private boolean dropIfDead(Pending<I, O> p, long now) {
        RequestDroppedException.Reason reason = null;
        // Deadline first: when a deadline passes, gRPC also cancels the call, and the deadline is the real cause.
        if (p.scope.expired(now)) {
            reason = RequestDroppedException.Reason.DEADLINE_EXCEEDED;
        } else if (p.future.isCancelled() || p.scope.cancelled().getAsBoolean()) {
            reason = RequestDroppedException.Reason.CANCELLED;
        }
        if (reason == null) {
            return false;
        }
        metrics.dropped(reason);
        p.future.completeExceptionally(new RequestDroppedException(
                reason,
                "Dropped before inference on " + name + ": "
                        + reason.name().toLowerCase().replace('_', ' ')));
        return true;
    }

    private void failRemaining() {
        List<Pending<I, O>> left = new ArrayList<>();
        if (carried != null) {
            left.add(carried);
            carried = null;
        }
        queue.drainTo(left);
        for (Pending<I, O> p : left) {
            metrics.dropped(RequestDroppedException.Reason.SHUTDOWN);
            p.future.completeExceptionally(new RequestDroppedException(
                    RequestDroppedException.Reason.SHUTDOWN, "Model " + name + " is shutting down"));
        }
    }

    /** Stops taking items, lets the running batch finish, and fails what is still queued. */
    @Override
    public void close() {
        // No interrupt: it could land inside a native inference call. The worker polls with short timeouts and
        // sees the flag within 100 ms (or after the running batch).
        running = false;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Pending<I, O> {
        final I input;
        final long cost;
        final RequestScope scope;
        final long enqueuedNanos;
        final CompletableFuture<O> future = new CompletableFuture<>();

        Pending(I input, long cost, RequestScope scope, long enqueuedNanos) {
            this.input = input;
            this.cost = cost;
            this.scope = scope;
            this.enqueuedNanos = enqueuedNanos;
        }
    }
}
