package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What the pool tells the saturation metrics: in use, idle, waiting, rejected; with stand-in decoders. */
class DecoderPoolSaturationTest {

    private final AtomicInteger made = new AtomicInteger();

    private DecoderPool<Integer> pool(int size, Duration timeout) {
        return new DecoderPool<>("test", size, timeout, made::incrementAndGet, d -> {});
    }

    /** Waits until {@code condition} holds; fails after 5 s. */
    static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(2))
                .until(condition::getAsBoolean);
    }

    @Test
    void inUseAndIdleFollowTheCalls() {
        DecoderPool<Integer> pool = pool(2, Duration.ofMillis(50));
        assertEquals(0, pool.inUse());
        assertEquals(0, pool.idle());
        Integer a = pool.acquire();
        assertEquals(1, pool.inUse());
        assertEquals(0, pool.idle());
        Integer b = pool.acquire();
        assertEquals(2, pool.inUse());
        pool.release(a, true);
        assertEquals(1, pool.inUse());
        assertEquals(1, pool.idle());
        pool.release(b, false); // freed, not kept
        assertEquals(0, pool.inUse());
        assertEquals(1, pool.idle());
        assertEquals(0, pool.waiting());
        assertEquals(0, pool.rejected());
    }

    @Test
    void aBlockedCallerCountsAsWaitingThenAsRejected() throws Exception {
        DecoderPool<Integer> pool = pool(1, Duration.ofMillis(600));
        Integer held = pool.acquire();
        assertEquals(0, pool.waiting(), "a caller served at once never counts as waiting");
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(pool::acquire);
        await(() -> pool.waiting() == 1, "waiting = 1");
        assertEquals(0, pool.rejected());
        ExecutionException e = assertThrows(ExecutionException.class, () -> blocked.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RecognizerBusyException, String.valueOf(e.getCause()));
        assertEquals(0, pool.waiting());
        assertEquals(1, pool.rejected());
        assertEquals(1, pool.inUse());

        CompletableFuture<Integer> served = CompletableFuture.supplyAsync(pool::acquire);
        await(() -> pool.waiting() == 1, "waiting = 1 again");
        pool.release(held, true);
        assertSame(held, served.get(5, TimeUnit.SECONDS));
        assertEquals(0, pool.waiting());
        assertEquals(1, pool.rejected(), "served in time: not rejected");
        pool.release(held, true);
        assertEquals(0, pool.inUse());
    }

    @Test
    void aZeroTimeoutRejectsAtOnce() {
        DecoderPool<Integer> pool = pool(1, Duration.ZERO);
        Integer held = pool.acquire();
        assertThrows(RecognizerBusyException.class, pool::acquire);
        assertThrows(RecognizerBusyException.class, pool::acquire);
        assertEquals(2, pool.rejected());
        assertEquals(0, pool.waiting());
        pool.release(held, true);
    }
}
