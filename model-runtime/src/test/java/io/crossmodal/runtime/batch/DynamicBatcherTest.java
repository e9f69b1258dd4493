package io.crossmodal.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.runtime.batch.BatcherConfig.CostModel;
import io.crossmodal.servicekit.call.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DynamicBatcherTest {

    /** The input that holds the worker in the batch function until the gate opens. */
    private static final int BLOCK = -1;
    /** The input that makes the batch function throw. */
    private static final int BOOM = -13;

    private final Gate gate = new Gate();
    private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> workerThreads = ConcurrentHashMap.newKeySet();
    private DynamicBatcher<Integer, Integer> batcher;
    private ExecutorService pool;

    @AfterEach
    void tearDown() {
        gate.release();
        if (pool != null) {
            pool.shutdownNow();
        }
        if (batcher != null) {
            batcher.close();
        }
    }

    /** Records each batch, blocks on {@link #BLOCK}, throws on {@link #BOOM}, else doubles every input. */
    private List<Integer> doubling(List<Integer> inputs) throws Exception {
        batches.add(List.copyOf(inputs));
        workerThreads.add(Thread.currentThread().getName());
        if (inputs.contains(BLOCK)) {
            gate.block();
        }
        if (inputs.contains(BOOM)) {
            throw new IllegalArgumentException("boom in batch " + inputs);
        }
        return inputs.stream().map(i -> i * 2).toList();
    }

    private DynamicBatcher<Integer, Integer> start(BatcherConfig config) {
        batcher = new DynamicBatcher<>("test-model", config, this::doubling, BatchMetrics.NONE);
        return batcher;
    }

    private static BatcherConfig config(int maxBatchSize, Duration delay, int capacity) {
        return new BatcherConfig(maxBatchSize, delay, capacity, Long.MAX_VALUE, CostModel.SUM, "items");
    }

    /** Submits {@link #BLOCK} and returns once the worker is held inside the batch function. */
    private CompletableFuture<Integer> holdWorker() throws InterruptedException {
        CompletableFuture<Integer> blocker = batcher.submit(BLOCK, 1, RequestScope.UNBOUNDED);
        gate.awaitEntered();
        return blocker;
    }

    private List<Integer> allInputsSeen() {
        synchronized (batches) {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    // ---------------------------------------------------------------- grouping

    @Test
    void concurrentSubmitsQueuedTogetherRunAsOneBatchWithTheirOwnOutputs() throws Exception {
        start(config(8, Duration.ofMillis(50), 64));
        CompletableFuture<Integer> blocker = holdWorker();

        // 4 threads submit 2 items each while the worker is busy: they all wait in the queue.
        pool = Executors.newFixedThreadPool(4);
        CyclicBarrier together = new CyclicBarrier(4);
        List<Future<List<CompletableFuture<Integer>>>> submitted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 2 + 1;
            submitted.add(pool.submit(() -> {
                together.await();
                return List.of(
                        batcher.submit(base, 1, RequestScope.UNBOUNDED),
                        batcher.submit(base + 1, 1, RequestScope.UNBOUNDED));
            }));
        }
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (Future<List<CompletableFuture<Integer>>> f : submitted) {
            futures.addAll(f.get(10, TimeUnit.SECONDS));
        }
        assertEquals(8, batcher.queueDepth());

        gate.release();
        assertEquals(-2, blocker.get(10, TimeUnit.SECONDS));
        for (CompletableFuture<Integer> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertEquals(2, batches.size(), "blocker batch + one batch of the 8 queued items: " + batches);
        assertEquals(List.of(BLOCK), batches.get(0));
        List<Integer> second = batches.get(1);
        assertEquals(8, second.size());
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), Set.copyOf(second));
        // Each caller gets the output of its own input, whatever its position in the batch.
        for (int t = 0; t < 4; t++) {
            assertEquals(2 * (t * 2 + 1), futures.get(2 * t).get());
            assertEquals(2 * (t * 2 + 2), futures.get(2 * t + 1).get());
        }
        assertEquals(Set.of("batcher-test-model"), workerThreads, "every batch runs on the single worker");
        assertEquals(0, batcher.queueDepth());
    }

    @Test
    void itemsArrivingWithinTheDelayWindowFormOneBatchThatClosesWhenFull() throws Exception {
        // A long window: the batch must close because it is full, not because the window ended.
        Duration window = Duration.ofSeconds(5);
        start(config(8, window, 64));
        pool = Executors.newFixedThreadPool(4);
        CyclicBarrier together = new CyclicBarrier(4);
        long t0 = System.nanoTime();
        List<Future<List<CompletableFuture<Integer>>>> submitted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = 100 + t * 2;
            submitted.add(pool.submit(() -> {
                together.await();
                return List.of(
                        batcher.submit(base, 1, RequestScope.UNBOUNDED),
                        batcher.submit(base + 1, 1, RequestScope.UNBOUNDED));
            }));
        }
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (Future<List<CompletableFuture<Integer>>> f : submitted) {
            futures.addAll(f.get(10, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - t0;

        assertEquals(List.of(8), batches.stream().map(List::size).toList());
        assertTrue(elapsed < window.toNanos(), "a full batch must not wait for the window: " + elapsed + " ns");
        for (int i = 0; i < 8; i++) {
            assertEquals(2 * (100 + i), futures.get(i).get());
        }
    }

    @Test
    void aLoneItemWaitsForTheQueueDelayThenRunsAlone() throws Exception {
        Duration delay = Duration.ofMillis(50);
        start(config(8, delay, 64));
        long t0 = System.nanoTime();
        CompletableFuture<Integer> f = batcher.submit(21, 1, RequestScope.UNBOUNDED);
        assertEquals(42, f.get(10, TimeUnit.SECONDS));
        long elapsed = System.nanoTime() - t0;

        assertTrue(elapsed >= delay.toNanos(), "flushed before maxQueueDelay: " + elapsed + " ns");
        assertEquals(List.of(List.of(21)), batches);
    }

    @Test
    void maxBatchSizeIsNeverExceeded() throws Exception {
        start(config(4, Duration.ofMillis(20), 200));
        CompletableFuture<Integer> blocker = holdWorker();

        pool = Executors.newFixedThreadPool(4);
        List<Future<List<CompletableFuture<Integer>>>> submitted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int from = t * 25;
            submitted.add(pool.submit(() -> {
                List<CompletableFuture<Integer>> mine = new ArrayList<>();
                for (int i = from; i < from + 25; i++) {
                    mine.add(batcher.submit(i, 1, RequestScope.UNBOUNDED));
                }
                return mine;
            }));
        }
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (Future<List<CompletableFuture<Integer>>> f : submitted) {
            futures.addAll(f.get(10, TimeUnit.SECONDS));
        }
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 100; i++) {
            // thread t submitted t*25 .. t*25+24, and futures are collected thread by thread
            assertEquals(2 * i, futures.get(i).get(10, TimeUnit.SECONDS));
        }

        List<Integer> sizes = batches.stream().skip(1).map(List::size).toList();
        assertTrue(sizes.stream().allMatch(s -> s >= 1 && s <= 4), "batch sizes " + sizes);
        assertEquals(100, sizes.stream().mapToInt(Integer::intValue).sum());
        // 100 items were queued before the worker resumed, so it packs full batches.
        assertEquals(25, sizes.size(), "batch sizes " + sizes);
        List<Integer> seen = allInputsSeen();
        assertEquals(101, seen.size(), "each item runs exactly once");
        assertEquals(101, Set.copyOf(seen).size(), "each item runs exactly once");
    }

    // ---------------------------------------------------------------- cost budget

    /** An item whose input encodes its cost: cost = input / 1000, id = input % 1000. */
    private static int item(int id, int cost) {
        return cost * 1000 + id;
    }

    @Test
    void paddedCostBudgetClosesBatchesAndAnOversizedItemRunsAlone() throws Exception {
        List<long[]> started = Collections.synchronizedList(new ArrayList<>());
        BatchMetrics recording = new BatchMetrics() {
            @Override
            public void batchStarted(int size, long cost) {
                started.add(new long[] {size, cost});
            }
        };
        batcher = new DynamicBatcher<>(
                "costed",
                new BatcherConfig(16, Duration.ofMillis(20), 64, 100, CostModel.PADDED_TO_LONGEST, "tokens"),
                this::doubling,
                recording);
        CompletableFuture<Integer> blocker = holdWorker();

        List<Integer> inputs = new ArrayList<>();
        int id = 0;
        for (int i = 0; i < 5; i++) {
            inputs.add(item(id++, 10));
        }
        inputs.add(item(id++, 60));
        for (int i = 0; i < 5; i++) {
            inputs.add(item(id++, 10));
        }
        inputs.add(item(id++, 150)); // costlier than the whole budget
        for (int i = 0; i < 3; i++) {
            inputs.add(item(id++, 10));
        }
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int input : inputs) {
            futures.add(batcher.submit(input, input / 1000, RequestScope.UNBOUNDED));
        }
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < inputs.size(); i++) {
            assertEquals(2 * inputs.get(i), futures.get(i).get(10, TimeUnit.SECONDS));
        }

        List<List<Integer>> costBatches = batches.subList(1, batches.size());
        for (List<Integer> batch : costBatches) {
            long maxCost = batch.stream().mapToLong(i -> i / 1000).max().orElseThrow();
            if (batch.size() > 1) {
                assertTrue(maxCost * batch.size() <= 100, "over budget: " + batch);
            }
        }
        List<Integer> oversized = costBatches.stream()
                .filter(b -> b.contains(item(11, 150)))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(item(11, 150)), oversized, "an item costlier than the budget runs alone");
        // 5x10 | 60 (60x2 = 120 > 100) | 5x10 | 150 | 3x10, in queue order
        assertEquals(
                List.of(5, 1, 5, 1, 3), costBatches.stream().map(List::size).toList());
        assertEquals(inputs, costBatches.stream().flatMap(List::stream).toList(), "FIFO order is kept");
        // The cost reported to the metrics is the padded cost of each batch.
        List<Long> reportedCosts = started.stream().skip(1).map(a -> a[1]).toList();
        assertEquals(List.of(50L, 60L, 50L, 150L, 30L), reportedCosts);
    }

    // ---------------------------------------------------------------- back-pressure

    @Test
    void fullQueueRefusesAtOnceWithRetryAfterAndRecovers() throws Exception {
        start(config(2, Duration.ofMillis(10), 4));
        CompletableFuture<Integer> blocker = holdWorker();
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            accepted.add(batcher.submit(i, 1, RequestScope.UNBOUNDED));
        }
        assertEquals(4, batcher.queueDepth());

        long t0 = System.nanoTime();
        QueueFullException full =
                assertThrows(QueueFullException.class, () -> batcher.submit(5, 1, RequestScope.UNBOUNDED));
        long refusedIn = System.nanoTime() - t0;
        assertTrue(refusedIn < TimeUnit.SECONDS.toNanos(1), "a full queue must refuse at once: " + refusedIn);
        assertTrue(full.retryAfter().compareTo(Duration.ZERO) > 0, "retryAfter " + full.retryAfter());
        assertEquals("test-model", full.model());
        assertEquals(4, full.capacity());
        assertTrue(full.getMessage().contains("test-model") && full.getMessage().contains("full"), full.getMessage());
        assertFalse(allInputsSeen().contains(5));

        gate.release();
        blocker.get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 4; i++) {
            assertEquals(2 * (i + 1), accepted.get(i).get(10, TimeUnit.SECONDS));
        }
        assertEquals(12, batcher.submit(6, 1, RequestScope.UNBOUNDED).get(10, TimeUnit.SECONDS));
        assertFalse(allInputsSeen().contains(5), "the refused item never runs");
    }

    // ---------------------------------------------------------------- dropping dead items

    @Test
    void itemWhoseDeadlinePassedWhileQueuedIsDroppedBeforeInference() throws Exception {
        start(config(8, Duration.ofMillis(10), 16));
        CompletableFuture<Integer> blocker = holdWorker();

        RequestScope shortLived = RequestScope.withTimeout(TimeUnit.MILLISECONDS.toNanos(20));
        CompletableFuture<Integer> late = batcher.submit(7, 1, shortLived);
        CompletableFuture<Integer> alive = batcher.submit(8, 1, RequestScope.UNBOUNDED);
        // Hold the worker until the deadline is behind us (a wait on a condition, not an assertion).
        Gate.awaitCondition(
                "deadline to pass", Duration.ofSeconds(5), () -> System.nanoTime() - shortLived.deadlineNanos() > 0);
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);

        RequestDroppedException dropped = assertInstanceOf(RequestDroppedException.class, failureOf(late));
        assertEquals(RequestDroppedException.Reason.DEADLINE_EXCEEDED, dropped.reason());
        assertTrue(dropped.getMessage().contains("test-model"), dropped.getMessage());
        assertEquals(16, alive.get(10, TimeUnit.SECONDS));
        assertFalse(allInputsSeen().contains(7), "expired item reached the batch function: " + batches);
    }

    @Test
    void itemWhoseCallerCancelledIsDroppedBeforeInference() throws Exception {
        start(config(8, Duration.ofMillis(10), 16));
        CompletableFuture<Integer> blocker = holdWorker();

        AtomicBoolean callerGone = new AtomicBoolean();
        CompletableFuture<Integer> abandoned = batcher.submit(7, 1, new RequestScope(Long.MAX_VALUE, callerGone::get));
        CompletableFuture<Integer> alive = batcher.submit(8, 1, RequestScope.UNBOUNDED);
        callerGone.set(true);
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);

        RequestDroppedException dropped = assertInstanceOf(RequestDroppedException.class, failureOf(abandoned));
        assertEquals(RequestDroppedException.Reason.CANCELLED, dropped.reason());
        assertEquals(16, alive.get(10, TimeUnit.SECONDS));
        assertFalse(allInputsSeen().contains(7), "cancelled item reached the batch function: " + batches);
    }

    @Test
    void futureCancelledByTheCallerNeverReachesTheBatchFunction() throws Exception {
        start(config(8, Duration.ofMillis(10), 16));
        CompletableFuture<Integer> blocker = holdWorker();

        CompletableFuture<Integer> cancelled = batcher.submit(7, 1, RequestScope.UNBOUNDED);
        CompletableFuture<Integer> alive = batcher.submit(8, 1, RequestScope.UNBOUNDED);
        assertTrue(cancelled.cancel(true));
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);

        assertEquals(16, alive.get(10, TimeUnit.SECONDS));
        assertTrue(cancelled.isCancelled());
        assertThrows(CancellationException.class, cancelled::join);
        assertEquals(List.of(List.of(BLOCK), List.of(8)), batches, "cancelled item reached the batch function");
    }

    @Test
    void itemAlreadyExpiredAtSubmitIsDroppedEvenWhenItIsFirstInItsBatch() throws Exception {
        start(config(8, Duration.ofMillis(10), 16));
        CompletableFuture<Integer> expired = batcher.submit(7, 1, new RequestScope(System.nanoTime() - 1, () -> false));

        RequestDroppedException dropped = assertInstanceOf(RequestDroppedException.class, failureOf(expired));
        assertEquals(RequestDroppedException.Reason.DEADLINE_EXCEEDED, dropped.reason());
        assertEquals(6, batcher.submit(3, 1, RequestScope.UNBOUNDED).get(10, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(3)), batches);
    }

    // ---------------------------------------------------------------- failures

    @Test
    void throwingBatchFunctionFailsExactlyThatBatchAndTheWorkerKeepsServing() throws Exception {
        start(config(3, Duration.ofMillis(10), 16));
        CompletableFuture<Integer> blocker = holdWorker();
        List<CompletableFuture<Integer>> failing = List.of(
                batcher.submit(1, 1, RequestScope.UNBOUNDED),
                batcher.submit(BOOM, 1, RequestScope.UNBOUNDED),
                batcher.submit(3, 1, RequestScope.UNBOUNDED));
        List<CompletableFuture<Integer>> fine = List.of(
                batcher.submit(4, 1, RequestScope.UNBOUNDED),
                batcher.submit(5, 1, RequestScope.UNBOUNDED),
                batcher.submit(6, 1, RequestScope.UNBOUNDED));
        gate.release();
        blocker.get(10, TimeUnit.SECONDS);

        Throwable first = failureOf(failing.get(0));
        assertInstanceOf(IllegalArgumentException.class, first);
        assertTrue(first.getMessage().contains("boom"), first.getMessage());
        for (CompletableFuture<Integer> f : failing) {
            assertSame(first, failureOf(f), "every item of the batch gets the batch's exception");
        }
        assertEquals(
                List.of(8, 10, 12),
                List.of(fine.get(0).get(), fine.get(1).get(), fine.get(2).get()));
        assertEquals(List.of(List.of(BLOCK), List.of(1, BOOM, 3), List.of(4, 5, 6)), batches);

        // Still serving afterwards.
        assertEquals(200, batcher.submit(100, 1, RequestScope.UNBOUNDED).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anErrorThrownByTheBatchFunctionDoesNotKillTheWorker() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        batcher = new DynamicBatcher<>(
                "erroring",
                config(4, Duration.ofMillis(5), 16),
                inputs -> {
                    if (thrown.compareAndSet(false, true)) {
                        throw new AssertionError("simulated native failure");
                    }
                    return inputs.stream().map(i -> i * 2).toList();
                },
                BatchMetrics.NONE);

        Throwable error = failureOf(batcher.submit(1, 1, RequestScope.UNBOUNDED));
        assertInstanceOf(AssertionError.class, error);
        assertEquals(4, batcher.submit(2, 1, RequestScope.UNBOUNDED).get(10, TimeUnit.SECONDS));
    }

    @Test
    void wrongNumberOfOutputsFailsTheBatchWithAClearMessage() throws Exception {
        AtomicBoolean returnNull = new AtomicBoolean();
        Gate held = new Gate();
        batcher = new DynamicBatcher<>(
                "miscounting",
                config(4, Duration.ofMillis(5), 16),
                inputs -> {
                    if (inputs.contains(BLOCK)) {
                        held.block();
                        return List.of(0);
                    }
                    return returnNull.get() ? null : List.of(inputs.get(0));
                },
                BatchMetrics.NONE);
        batcher.submit(BLOCK, 1, RequestScope.UNBOUNDED);
        held.awaitEntered();
        CompletableFuture<Integer> a = batcher.submit(1, 1, RequestScope.UNBOUNDED);
        CompletableFuture<Integer> b = batcher.submit(2, 1, RequestScope.UNBOUNDED);
        held.release();

        Throwable error = failureOf(a);
        assertInstanceOf(IllegalStateException.class, error);
        assertTrue(error.getMessage().contains("miscounting"), error.getMessage());
        assertTrue(error.getMessage().contains("returned 1 outputs for 2 inputs"), error.getMessage());
        assertSame(error, failureOf(b));

        returnNull.set(true);
        Throwable nullError = failureOf(batcher.submit(3, 1, RequestScope.UNBOUNDED));
        assertTrue(nullError.getMessage().contains("returned null for 1 inputs"), nullError.getMessage());
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void closeLetsTheRunningBatchFinishAndFailsQueuedItemsWithShutdown() throws Exception {
        start(config(2, Duration.ofMillis(10), 16));
        CompletableFuture<Integer> running = holdWorker();
        List<CompletableFuture<Integer>> queued = List.of(
                batcher.submit(1, 1, RequestScope.UNBOUNDED),
                batcher.submit(2, 1, RequestScope.UNBOUNDED),
                batcher.submit(3, 1, RequestScope.UNBOUNDED));

        Thread closer = Gate.closeInBackground(batcher);
        IllegalStateException closed =
                assertThrows(IllegalStateException.class, () -> batcher.submit(4, 1, RequestScope.UNBOUNDED));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());

        gate.release();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(closer.isAlive(), "close() did not return");

        assertEquals(-2, running.get(10, TimeUnit.SECONDS), "the running batch finishes");
        for (CompletableFuture<Integer> f : queued) {
            RequestDroppedException dropped = assertInstanceOf(RequestDroppedException.class, failureOf(f));
            assertEquals(RequestDroppedException.Reason.SHUTDOWN, dropped.reason());
        }
        assertEquals(List.of(List.of(BLOCK)), batches, "queued items must not run after close()");
        assertEquals(0, batcher.queueDepth());
    }

    @Test
    void closeOfAnIdleBatcherReturnsPromptly() {
        start(config(2, Duration.ofMillis(10), 16));
        long t0 = System.nanoTime();
        batcher.close();
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed < TimeUnit.SECONDS.toNanos(2), "idle close took " + elapsed + " ns");
        assertThrows(IllegalStateException.class, () -> batcher.submit(1, 1, RequestScope.UNBOUNDED));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> config(0, Duration.ofMillis(1), 1));
        assertThrows(IllegalArgumentException.class, () -> config(1, Duration.ofMillis(1), 0));
        assertThrows(IllegalArgumentException.class, () -> config(1, Duration.ofMillis(-1), 1));
        assertThrows(
                IllegalArgumentException.class, () -> new BatcherConfig(1, Duration.ZERO, 1, 0, CostModel.SUM, "x"));
        assertEquals(30, CostModel.SUM.batchCost(20, 30, 2));
        assertEquals(40, CostModel.PADDED_TO_LONGEST.batchCost(20, 30, 2));
    }
}
