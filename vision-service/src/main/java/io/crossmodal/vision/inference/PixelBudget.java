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

    /** Bytes a decoded image holds per pixel while its request is in flight (an {@code int} ARGB raster). */
    static final long HELD_BYTES_PER_PIXEL = 4;
    /**
     * Peak bytes per pixel while an image is being decoded: the decoder's own raster (3 bytes for RGB JPEG) plus the
     * 4-byte image it is converted to.
     */
    static final long DECODING_BYTES_PER_PIXEL = 7;
    /** Share of the heap the held images and the decodes in progress may take; the rest is models' Java-side work. */
    static final double HEAP_SHARE = 0.6;

    /**
     * The budget that fits the heap: {@code configured}, lowered when {@code HEAP_SHARE} of {@code maxHeapBytes},
     * less what {@code decodeThreads} decodes of the largest allowed image take, cannot hold that many pixels; never
     * below {@code maxImagePixels} (one image of the largest allowed size must always be admissible).
     *
     * <p>Why: measured with a 1.5 GB heap, 8 clients sending 6000 x 6000 JPEGs to ReadText: with the configured 200 M
     * pixels, five images were admitted (180 M pixels, 720 MB) while two more were decoding, and a call failed with
     * OutOfMemoryError. The budget must follow the heap the pod actually has ({@code -Xmx} in deploy/).
     */
    public static long fittingHeap(long configured, long maxHeapBytes, int decodeThreads, long maxImagePixels) {
        double decoding = (double) decodeThreads * maxImagePixels * DECODING_BYTES_PER_PIXEL;
        double room = (HEAP_SHARE * maxHeapBytes - decoding) / HELD_BYTES_PER_PIXEL;
        long fitting = room <= 0 ? 0 : (long) Math.min(Long.MAX_VALUE, room);
        return Math.max(maxImagePixels, Math.min(configured, fitting));
    }

    public long capacity() {
        return capacity;
    }

    public long inUse() {
        return used.get();
    }
}
