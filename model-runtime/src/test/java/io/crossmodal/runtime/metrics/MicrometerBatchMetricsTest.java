package io.crossmodal.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.batch.DynamicBatcher;
import io.crossmodal.runtime.batch.Gate;
import io.crossmodal.runtime.batch.QueueFullException;
import io.crossmodal.runtime.batch.RequestDroppedException;
import io.crossmodal.servicekit.call.RequestScope;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives a real {@link DynamicBatcher} into {@link MicrometerBatchMetrics} on the Prometheus registry the services
 * use (quarkus-micrometer-registry-prometheus is built on the simpleclient registry).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
@SuppressWarnings("deprecation") // the simpleclient registry is what Quarkus 3.x still ships
class MicrometerBatchMetricsTest {

    private static final String MODEL = "toy";
    private static final int BLOCK = -1;
    private static final int BOOM = -13;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Gate> gate = new AtomicReference<>(new Gate());
    private DynamicBatcher<Integer, Integer> batcher;

    @AfterEach
    void tearDown() {
        gate.get().release();
        if (batcher != null) {
            batcher.close();
        }
        registry.close();
    }

    private List<Integer> run(List<Integer> inputs) throws Exception {
        if (inputs.contains(BLOCK)) {
            gate.get().block();
        }
        if (inputs.contains(BOOM)) {
            throw new IllegalStateException("boom");
        }
        return inputs.stream().map(i -> i * 2).toList();
    }

    private DynamicBatcher<Integer, Integer> start(int capacity) {
        MicrometerBatchMetrics metrics = new MicrometerBatchMetrics(registry, MODEL, "TensorFlow", "tokens");
        batcher = new DynamicBatcher<>(
                MODEL,
                new BatcherConfig(4, Duration.ofMillis(5), capacity, 1000, BatcherConfig.CostModel.SUM, "tokens"),
                this::run,
                metrics);
        return batcher;
    }

    private DistributionSummary batchSize() {
        return registry.get("crossmodal.batch.size")
                .tag("model", MODEL)
                .tag("engine", "TensorFlow")
                .summary();
    }

    private DistributionSummary batchCost() {
        return registry.get("crossmodal.batch.cost")
                .tag("model", MODEL)
                .tag("unit", "tokens")
                .summary();
    }

    private Timer queueWait() {
        return registry.get("crossmodal.queue.wait").tag("model", MODEL).timer();
    }

    private Timer inference(String outcome) {
        return registry.get("crossmodal.inference.duration")
                .tag("model", MODEL)
                .tag("outcome", outcome)
                .timer();
    }

    private double queueDepth() {
        return registry.get("crossmodal.queue.depth")
                .tag("model", MODEL)
                .gauge()
                .value();
    }

    private double rejected() {
        return registry.get("crossmodal.queue.rejected")
                .tag("model", MODEL)
                .counter()
                .count();
    }

    private double dropped(String reason) {
        return registry.get("crossmodal.queue.dropped")
                .tag("model", MODEL)
                .tag("reason", reason)
                .counter()
                .count();
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS))
                .getCause();
    }

    @Test
    void metersFollowTheBatcher() throws Exception {
        start(3);
        // Every meter exists from the start, at zero, so dashboards and alerts see the series before traffic.
        assertEquals(0, batchSize().count());
        assertEquals(0, inference("success").count());
        assertEquals(0, inference("failure").count());
        assertEquals(0.0, queueDepth());
        assertEquals(0.0, rejected());
        assertEquals(0.0, dropped("cancelled"));
        assertEquals(0.0, dropped("deadline_exceeded"));
        assertEquals(0.0, dropped("shutdown"));

        // Batch 1: the blocker, alone. Hold the worker in it.
        CompletableFuture<Integer> blocker = batcher.submit(BLOCK, 1, RequestScope.UNBOUNDED);
        gate.get().awaitEntered();
        long blockedAt = System.nanoTime();

        // Fill the queue (capacity 3): a, a cancelled item, c.
        AtomicBoolean callerGone = new AtomicBoolean();
        CompletableFuture<Integer> a = batcher.submit(1, 2, RequestScope.UNBOUNDED);
        CompletableFuture<Integer> gone = batcher.submit(2, 5, new RequestScope(Long.MAX_VALUE, callerGone::get));
        CompletableFuture<Integer> c = batcher.submit(3, 3, RequestScope.UNBOUNDED);
        long queuedAt = System.nanoTime();
        assertEquals(3.0, queueDepth(), "gauge sees the waiting items");

        assertThrows(QueueFullException.class, () -> batcher.submit(4, 1, RequestScope.UNBOUNDED));
        assertThrows(QueueFullException.class, () -> batcher.submit(5, 1, RequestScope.UNBOUNDED));
        assertEquals(2.0, rejected());

        callerGone.set(true);
        long releasedAt = System.nanoTime();
        gate.get().release();
        assertEquals(-2, blocker.get(10, TimeUnit.SECONDS));
        assertEquals(2, a.get(10, TimeUnit.SECONDS));
        assertEquals(6, c.get(10, TimeUnit.SECONDS));
        assertInstanceOf(RequestDroppedException.class, failureOf(gone));

        // Batches: [BLOCK] and [a, c]; the cancelled item never started.
        assertEquals(2, batchSize().count());
        assertEquals(3.0, batchSize().totalAmount());
        assertEquals(2.0, batchSize().max());
        assertEquals(1 + (2 + 3), batchCost().totalAmount(), 0.0);
        assertEquals(3, queueWait().count(), "one queue-wait sample per item that started");
        assertTrue(
                queueWait().max(TimeUnit.NANOSECONDS) >= releasedAt - queuedAt,
                "a and c waited at least while the worker was held");
        assertEquals(2, inference("success").count());
        assertTrue(
                inference("success").max(TimeUnit.NANOSECONDS) >= releasedAt - blockedAt,
                "the held batch's duration covers the time it was held");
        assertEquals(0, inference("failure").count());
        assertEquals(1.0, dropped("cancelled"));
        assertEquals(0.0, dropped("deadline_exceeded"));
        assertEquals(0.0, queueDepth(), "queue drained");

        // A failing batch.
        failureOf(batcher.submit(BOOM, 1, RequestScope.UNBOUNDED));
        assertEquals(1, inference("failure").count());
        assertEquals(2, inference("success").count());
        assertEquals(3, batchSize().count(), "a failing batch still started");

        // An item whose deadline has passed.
        RequestDroppedException late = assertInstanceOf(
                RequestDroppedException.class,
                failureOf(batcher.submit(7, 1, new RequestScope(System.nanoTime() - 1, () -> false))));
        assertEquals(RequestDroppedException.Reason.DEADLINE_EXCEEDED, late.reason());
        assertEquals(1.0, dropped("deadline_exceeded"));
        assertEquals(3, batchSize().count(), "a dropped item starts no batch");

        // Shutdown with items still queued.
        gate.set(new Gate());
        CompletableFuture<Integer> held = batcher.submit(BLOCK, 1, RequestScope.UNBOUNDED);
        gate.get().awaitEntered();
        CompletableFuture<Integer> q1 = batcher.submit(8, 1, RequestScope.UNBOUNDED);
        CompletableFuture<Integer> q2 = batcher.submit(9, 1, RequestScope.UNBOUNDED);
        Thread closer = Gate.closeInBackground(batcher);
        gate.get().release();
        closer.join(10_000);
        assertFalse(closer.isAlive());
        held.get(10, TimeUnit.SECONDS);
        failureOf(q1);
        failureOf(q2);
        assertEquals(2.0, dropped("shutdown"));
        assertEquals(1.0, dropped("cancelled"));
        assertEquals(1.0, dropped("deadline_exceeded"));
        assertEquals(2.0, rejected());
    }

    @Test
    void queueDepthGaugeSurvivesGarbageCollection() throws Exception {
        start(8);
        Gate held = gate.get();
        CompletableFuture<Integer> blocker = batcher.submit(BLOCK, 1, RequestScope.UNBOUNDED);
        held.awaitEntered();
        batcher.submit(1, 1, RequestScope.UNBOUNDED);
        batcher.submit(2, 1, RequestScope.UNBOUNDED);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        // The batcher is alive and referenced by this test; its gauge must keep reporting it.
        assertEquals(2.0, queueDepth(), "crossmodal.queue.depth lost its source after a GC");
        held.release();
        blocker.get(10, TimeUnit.SECONDS);
    }

    @Test
    void prometheusScrapeHasTheDocumentedSeries() throws Exception {
        start(8);
        assertEquals(2, batcher.submit(1, 1, RequestScope.UNBOUNDED).get(10, TimeUnit.SECONDS));
        failureOf(batcher.submit(BOOM, 1, RequestScope.UNBOUNDED));

        String scrape = registry.scrape();
        // The names DESIGN.md section 5 and the services' tests use.
        assertTrue(scrape.contains("crossmodal_batch_size_bucket{"), scrape);
        assertTrue(scrape.contains("crossmodal_batch_size_count{"), scrape);
        assertTrue(scrape.contains("crossmodal_batch_cost_count{"), scrape);
        assertTrue(scrape.contains("crossmodal_queue_wait_seconds_bucket{"), scrape);
        assertTrue(scrape.contains("crossmodal_inference_duration_seconds_bucket{"), scrape);
        assertTrue(scrape.contains("crossmodal_queue_depth{"), scrape);
        assertTrue(scrape.contains("crossmodal_queue_rejected_total{"), scrape);
        assertTrue(scrape.contains("crossmodal_queue_dropped_total{"), scrape);
        assertTrue(
                scrape.lines()
                        .anyMatch(l -> l.startsWith("crossmodal_inference_duration_seconds_count{")
                                && l.contains("outcome=\"failure\"")
                                && l.endsWith(" 1.0")),
                scrape);
        assertTrue(
                scrape.lines()
                        .anyMatch(l -> l.startsWith("crossmodal_batch_size_bucket{")
                                && l.contains("le=\"1.0\"")
                                && l.contains("model=\"toy\"")
                                && l.endsWith(" 2.0")),
                scrape);
        // Only the low-cardinality tags.
        assertTrue(
                scrape.lines()
                        .filter(l -> l.startsWith("crossmodal_queue_depth{"))
                        .allMatch(l -> l.contains("engine=\"TensorFlow\"") && l.contains("model=\"toy\"")),
                scrape);
    }
}
