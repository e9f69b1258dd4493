package io.crossmodal.audio.asr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool with stand-in decoders. */
class DecoderPoolTest {

    private final AtomicInteger made = new AtomicInteger();
    private final List<Integer> freed = new ArrayList<>();

    private DecoderPool<Integer> pool(int size, Duration timeout) {
        return new DecoderPool<>("test", size, timeout, made::incrementAndGet, d -> {
            synchronized (freed) {
                freed.add(d);
            }
        });
    }

    @Test
    void createsLazilyAndReuses() {
        DecoderPool<Integer> pool = pool(2, Duration.ofMillis(50));
        for (int i = 0; i < 100; i++) {
            Integer d = pool.acquire();
            pool.release(d, true);
        }
        assertEquals(1, pool.created());
        Integer a = pool.acquire();
        Integer b = pool.acquire();
        assertEquals(2, pool.created());
        assertEquals(2, pool.inUse());
        pool.release(a, true);
        pool.release(b, true);
        assertEquals(0, pool.inUse());
        assertEquals(2, pool.live());
    }

    @Test
    void busyAfterTheTimeoutThenServesWhenOneComesBack() throws Exception {
        DecoderPool<Integer> pool = pool(1, Duration.ofMillis(150));
        Integer held = pool.acquire();
        long start = System.nanoTime();
        RecognizerBusyException e = assertThrows(RecognizerBusyException.class, pool::acquire);
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= 140, "waited " + waited + " ms");
        assertEquals(1, e.decoders());
        assertEquals(Duration.ofMillis(150), e.waited());
        assertTrue(e.getMessage().contains("busy"), e.getMessage());

        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(pool::acquire);
        // released only once the caller found none free and waits: the decoder is handed over, not found idle
        await("the caller waits for a decoder")
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> pool.waiting() == 1);
        pool.release(held, true);
        assertSame(held, waiting.get(1, TimeUnit.SECONDS));
    }

    @Test
    void failedDecodersAreFreedAndReplaced() {
        DecoderPool<Integer> pool = pool(1, Duration.ofMillis(50));
        Integer first = pool.acquire();
        pool.release(first, false);
        assertEquals(List.of(first), freed);
        Integer second = pool.acquire();
        assertEquals(2, pool.created());
        assertEquals(1, pool.live());
        pool.release(second, true);
    }

    @Test
    void factoryFailureGivesThePermitBack() {
        DecoderPool<Integer> pool = new DecoderPool<>(
                "test",
                1,
                Duration.ofMillis(50),
                () -> {
                    throw new SpeechRecognitionException("no model");
                },
                d -> {});
        assertThrows(SpeechRecognitionException.class, pool::acquire);
        assertThrows(SpeechRecognitionException.class, pool::acquire); // not RecognizerBusyException
        assertEquals(0, pool.inUse());
    }

    @Test
    void closeFreesIdleNowAndBusyOnRelease() {
        DecoderPool<Integer> pool = pool(2, Duration.ofMillis(50));
        pool.offer(made.incrementAndGet());
        Integer busy = pool.acquire();
        Integer other = pool.acquire();
        pool.release(other, true);
        pool.close();
        assertEquals(List.of(other), freed);
        pool.release(busy, true);
        assertEquals(List.of(other, busy), freed);
        assertEquals(0, pool.live());
        assertThrows(IllegalStateException.class, pool::acquire);
        pool.close();
    }
}
