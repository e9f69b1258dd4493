package io.crossmodal.audio.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * An {@link InputStream} over bytes in memory (a read-only view of the caller's buffer, no copy) with a cancellation
 * check on every read: once the decode's time budget is spent every read fails with an
 * {@link InterruptedIOException}, which stops a codec library as soon as it asks for more data.
 */
final class ByteBufferInputStream extends InputStream {

    private final ByteBuffer data;
    private final BooleanSupplier cancelled;

    ByteBufferInputStream(ByteBuffer data, BooleanSupplier cancelled) {
        this.data = data.slice().asReadOnlyBuffer();
        this.cancelled = cancelled;
    }

    private void checkCancelled() throws IOException {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("audio decode cancelled: time budget spent");
        }
    }

    @Override
    public int read() throws IOException {
        checkCancelled();
        return data.hasRemaining() ? data.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkCancelled();
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!data.hasRemaining()) {
            return -1;
        }
        int n = Math.min(len, data.remaining());
        data.get(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        checkCancelled();
        if (n <= 0) {
            return 0;
        }
        int k = (int) Math.min(n, data.remaining());
        data.position(data.position() + k);
        return k;
    }

    @Override
    public int available() {
        return data.remaining();
    }

    /** Bytes read so far. */
    int position() {
        return data.position();
    }
}
