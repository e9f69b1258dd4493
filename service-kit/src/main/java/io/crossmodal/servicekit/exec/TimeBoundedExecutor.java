package io.crossmodal.servicekit.exec;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, bounded pool that runs untrusted work (decoding client bytes) under a time budget: the caller waits at
 * most the budget for a thread and at most the rest of it for the work; a full queue refuses at once. When the
 * budget is spent the caller's {@code cancel} hook runs (so the work can make its own reads fail) and the thread is
 * interrupted. The image and the audio decoders share it.
 *
 * <p>Thread-safe; {@link #close()} stops the threads.
 */
public final class TimeBoundedExecutor implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String what;
    private final String items;
    private final int threads;
    private final ThreadPoolExecutor executor;

    /** No thread could take the work: the queue is full, the pool is closed, or no thread became free in time. */
    public static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param what          what the threads do, for thread names and messages, e.g. "audio decoding"
     * @param items         what waits in the queue, for messages, e.g. "clips"
     * @param threads       work that runs at once
     * @param queueCapacity work that may wait for a thread; beyond it {@link BusyException} at once
     */
    public TimeBoundedExecutor(String what, String items, int threads, int queueCapacity) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
        }
        this.what = what;
        this.items = items;
        this.threads = threads;
        int pool = POOLS.incrementAndGet();
        ClassLoader loader = TimeBoundedExecutor.class.getClassLoader();
        AtomicInteger count = new AtomicInteger();
        String prefix = what.replace(' ', '-') + "-" + pool + "-";
        ThreadFactory factory = runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                factory,
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code work} on a pool thread and waits for it within {@code budget}.
     *
     * @param cancel called (from the waiting thread) when the budget is spent or the caller is interrupted, before
     *     the pool thread is interrupted
     * @throws BusyException when no thread takes the work (queue full, closed, none free within the budget)
     * @throws TimeoutException when the work ran past the budget (it was cancelled)
     * @throws InterruptedException when the caller was interrupted (the work was cancelled)
     * @throws ExecutionException with whatever the work threw
     */
    public <T> T call(Callable<T> work, Runnable cancel, Duration budget)
            throws BusyException, TimeoutException, InterruptedException, ExecutionException {
        CountDownLatch started = new CountDownLatch(1);
        long[] startNanos = new long[1];
        FutureTask<T> task = new FutureTask<>(() -> {
            startNanos[0] = System.nanoTime();
            started.countDown();
            return work.call();
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            throw new BusyException(
                    executor.isShutdown()
                            ? "the " + what + " pool is closed"
                            : "all " + threads + " " + what + " threads are busy and "
                                    + executor.getQueue().size() + " " + items + " are waiting",
                    e);
        }
        long budgetNanos = budget.toNanos();
        String noThread = "no " + what + " thread became free within " + budget.toMillis() + " ms";
        try {
            if (!started.await(budgetNanos, TimeUnit.NANOSECONDS) && task.cancel(false)) {
                cancel.run();
                throw new BusyException(noThread, null);
            }
            // startNanos was written before the latch opened: visible here
            long remaining = budgetNanos - (System.nanoTime() - startNanos[0]);
            return task.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            cancel.run();
            task.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new BusyException(noThread, e);
        }
    }

    /** Stops the threads; work still running is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
