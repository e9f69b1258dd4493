package io.crossmodal.audio.asr;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * At most {@code size} decoders, created when first needed and reused, because a decoder is heavy (about 95 MB,
 * 0.6 s to create) and not thread-safe. One permit per decoder: a caller waits for a permit up to the timeout,
 * then takes an idle decoder or creates one. A decoder that failed is freed instead of reused (its permit lets the
 * next caller create a fresh one).
 *
 * <p>For saturation metrics it counts the callers waiting for a permit right now ({@link #waiting()}) and the calls
 * refused because none came free in time ({@link #rejected()}).
 *
 * @param <D> the decoder type
 */
final class DecoderPool<D> {

    /** How a decoder is freed. */
    interface Freer<D> {
        void free(D decoder);
    }

    private final String owner;
    private final int size;
    private final Duration timeout;
    private final Supplier<D> factory;
    private final Freer<D> freer;
    private final Semaphore permits;
    private final Object lock = new Object();
    private final Deque<D> idle = new ArrayDeque<>(); // guarded by lock; most recently used first
    private final Object createLock = new Object(); // the engine's initialisation touches process-wide state
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private boolean closed; // guarded by lock

    DecoderPool(String owner, int size, Duration timeout, Supplier<D> factory, Freer<D> freer) {
        this.owner = owner;
        this.size = size;
        this.timeout = timeout;
        this.factory = factory;
        this.freer = freer;
        this.permits = new Semaphore(size, true);
    }

    /** Puts an already created decoder in the pool (the one created at open to check the configuration). */
    void offer(D decoder) {
        created.incrementAndGet();
        live.incrementAndGet();
        boolean keep;
        synchronized (lock) {
            keep = !closed;
            if (keep) {
                idle.addFirst(decoder);
            }
        }
        if (!keep) {
            free(decoder);
        }
    }

    /**
     * Takes a decoder for the caller's exclusive use; give it back with {@link #release}.
     *
     * @throws RecognizerBusyException when none became free within the timeout
     * @throws IllegalStateException when the pool is closed
     */
    D acquire() {
        boolean got;
        try {
            // a zero wait first (unlike tryAcquire(), it keeps the fair order), so only callers that really wait
            // are counted as waiting
            got = permits.tryAcquire(0, TimeUnit.NANOSECONDS);
            if (!got) {
                waiting.incrementAndGet();
                try {
                    got = permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
                } finally {
                    waiting.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechRecognitionException("Interrupted while waiting for a decoder of " + owner, e);
        }
        if (!got) {
            rejected.incrementAndGet();
            throw new RecognizerBusyException(owner, size, timeout);
        }
        D decoder;
        synchronized (lock) {
            if (closed) {
                permits.release();
                throw new IllegalStateException("The " + owner + " recogniser is closed");
            }
            decoder = idle.pollFirst();
        }
        if (decoder != null) {
            return decoder;
        }
        try {
            synchronized (createLock) {
                decoder = factory.get();
            }
            created.incrementAndGet();
            live.incrementAndGet();
            return decoder;
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Gives a decoder back.
     *
     * @param reusable false when it failed mid-utterance: it is freed
     */
    void release(D decoder, boolean reusable) {
        boolean keep;
        synchronized (lock) {
            keep = reusable && !closed;
            if (keep) {
                idle.addFirst(decoder);
            }
        }
        if (!keep) {
            free(decoder);
        }
        permits.release();
    }

    /** Frees the idle decoders now and the others when they come back. */
    void close() {
        List<D> toFree;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toFree = List.copyOf(idle);
            idle.clear();
        }
        toFree.forEach(this::free);
    }

    private void free(D decoder) {
        live.decrementAndGet();
        freer.free(decoder);
    }

    int size() {
        return size;
    }

    /** Decoders created so far (reuse keeps this at most {@link #size()} unless decoders failed). */
    int created() {
        return created.get();
    }

    /** Decoders not freed yet. */
    int live() {
        return live.get();
    }

    /** Decoders held by calls and streams right now. */
    int inUse() {
        return size - permits.availablePermits();
    }

    /** Decoders created and waiting in the pool for a caller (not counting those not created yet). */
    int idle() {
        synchronized (lock) {
            return idle.size();
        }
    }

    /** Callers waiting for a decoder right now. */
    int waiting() {
        return waiting.get();
    }

    /** Calls refused so far because no decoder came free within the timeout. */
    long rejected() {
        return rejected.get();
    }
}
