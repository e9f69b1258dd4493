package io.crossmodal.vision.inference;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the pixels of decoded images held by requests in flight, across all requests, so that many large images
 * arriving at once are refused (RESOURCE_EXHAUSTED, retry later) instead of filling the heap: a decoded image
 * costs 4 bytes per pixel until its request completes, and the model queues hold images, not tensors.
 *
 * <p>Admission happens right after a decode (the decoder threads bound how many decodes run at once), so the heap
 * holds at most this budget plus the images being decoded. An image larger than the whole budget is still
 * admitted when nothing else is in flight, so the per-image pixel limit, not this budget, decides what can ever
 * be processed.
 */
public final class PixelBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    public PixelBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("pixel budget must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** A reservation; closing it (once; later closes do nothing) gives the pixels back. */
    public final class Lease implements AutoCloseable {
        private final long pixels;
        private boolean closed;

        private Lease(long pixels) {
            this.pixels = pixels;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                used.addAndGet(-pixels);
            }
        }
    }

    /** Reserves {@code pixels}, or returns null when that would exceed the budget (and something else is in flight). */
    public Lease tryAcquire(long pixels) {
        while (true) {
            long current = used.get();
            if (current > 0 && current + pixels > capacity) {
                return null;
            }
            if (used.compareAndSet(current, current + pixels)) {
                return new Lease(pixels);
            }
        }
    }

    public long capacity() {
        return capacity;
    }

    public long inUse() {
        return used.get();
    }
}
