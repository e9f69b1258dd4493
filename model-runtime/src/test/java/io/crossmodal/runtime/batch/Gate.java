package io.crossmodal.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * Test helper that holds the batcher's single worker inside the batch function: the batch function calls
 * {@link #block()}, the test waits for {@link #awaitEntered()}, queues what it wants, then {@link #release()}s.
 * While the worker is held nothing leaves the queue, so the composition of the next batches is deterministic.
 */
public final class Gate {

    private static final long TIMEOUT_SECONDS = 10;

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** Called on the worker: signals entry, then waits for {@link #release()}. */
    public void block() throws InterruptedException {
        entered.countDown();
        if (!released.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Gate never released");
        }
    }

    public void awaitEntered() throws InterruptedException {
        assertTrue(entered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "worker never entered the batch function");
    }

    public void release() {
        released.countDown();
    }

    /** Polls {@code condition} until true; fails after {@code timeout}. A wait, not an assertion on timing. */
    public static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(1))
                .until(condition::getAsBoolean);
    }

    /**
     * Closes {@code batcher} on another thread and returns once that thread is inside {@code close()}'s join, i.e.
     * once the batcher has stopped taking batches. The caller then releases the worker and joins the thread.
     */
    public static Thread closeInBackground(DynamicBatcher<?, ?> batcher) throws InterruptedException {
        Thread closer = new Thread(batcher::close, "closer");
        closer.start();
        awaitCondition(
                "close() to reach its join",
                Duration.ofSeconds(10),
                () -> closer.getState() == Thread.State.TIMED_WAITING || !closer.isAlive());
        return closer;
    }
}
