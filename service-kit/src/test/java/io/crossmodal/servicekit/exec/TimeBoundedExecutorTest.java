package io.crossmodal.servicekit.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TimeBoundedExecutorTest {

    @Test
    void returnsTheResultAndPassesFailuresOn() throws Exception {
        try (TimeBoundedExecutor pool = new TimeBoundedExecutor("test work", "jobs", 1, 1)) {
            assertEquals(42, pool.call(() -> 42, () -> {}, Duration.ofSeconds(5)));
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> pool.call(
                            () -> {
                                throw new IllegalStateException("boom");
                            },
                            () -> {},
                            Duration.ofSeconds(5)));
            assertTrue(e.getCause() instanceof IllegalStateException);
        }
    }

    @Test
    void workPastTheBudgetIsCancelledAndInterrupted() throws Exception {
        try (TimeBoundedExecutor pool = new TimeBoundedExecutor("test work", "jobs", 1, 1)) {
            AtomicBoolean cancelled = new AtomicBoolean();
            CountDownLatch interrupted = new CountDownLatch(1);
            assertThrows(
                    TimeoutException.class,
                    () -> pool.call(
                            () -> {
                                try {
                                    Thread.sleep(10_000);
                                } catch (InterruptedException e) {
                                    interrupted.countDown();
                                }
                                return 0;
                            },
                            () -> cancelled.set(true),
                            Duration.ofMillis(100)));
            assertTrue(cancelled.get());
            assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFullQueueOrNoFreeThreadIsBusy() throws Exception {
        try (TimeBoundedExecutor pool = new TimeBoundedExecutor("test work", "jobs", 1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            Thread holder = new Thread(() -> {
                try {
                    pool.call(
                            () -> {
                                holding.countDown();
                                return release.await(10, TimeUnit.SECONDS);
                            },
                            () -> {},
                            Duration.ofSeconds(10));
                } catch (Exception ignored) {
                    // released by the test
                }
            });
            holder.start();
            assertTrue(holding.await(10, TimeUnit.SECONDS), "the holder has the only thread");
            AtomicBoolean cancelled = new AtomicBoolean();
            TimeBoundedExecutor.BusyException waited = assertThrows(
                    TimeBoundedExecutor.BusyException.class,
                    () -> pool.call(() -> 1, () -> cancelled.set(true), Duration.ofMillis(100)));
            assertTrue(waited.getMessage().contains("became free"), waited.getMessage());
            assertTrue(cancelled.get());
            release.countDown();
            holder.join(5_000);
        }
    }
}
