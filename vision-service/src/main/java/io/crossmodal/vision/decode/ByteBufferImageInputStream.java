package io.crossmodal.vision.decode;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over the bytes of one image, in memory: no disk cache, no copy
 * (the buffer is read through an independent read-only view), a known {@link #length()} (so readers can refuse
 * offsets past the end instead of seeking into nothing), and a cancellation check on every read: once the decode's
 * time budget is spent every read fails with an {@link InterruptedIOException}, which stops readers that never look
 * at {@link javax.imageio.ImageReader#abort()} as soon as they ask for more data.
 */
final class ByteBufferImageInputStream extends ImageInputStreamImpl {

    private final ByteBuffer data;
    private final int length;
    private final BooleanSupplier cancelled;

    ByteBufferImageInputStream(ByteBuffer data, BooleanSupplier cancelled) {
        this.data = data.slice().asReadOnlyBuffer();
        this.length = this.data.remaining();
        this.cancelled = cancelled;
    }

    private void checkCancelled() throws IOException {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("image decode cancelled: time budget spent");
        }
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        checkCancelled();
        bitOffset = 0;
        if (streamPos >= length) {
            return -1;
        }
        return data.get((int) streamPos++) & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        checkCancelled();
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + ", array " + b.length);
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - streamPos);
        data.get((int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void seek(long pos) throws IOException {
        checkClosed();
        if (pos < flushedPos) {
            throw new IndexOutOfBoundsException("pos < flushedPos");
        }
        bitOffset = 0;
        // Seeking past the end is allowed (reads then return -1), as for any ImageInputStream.
        streamPos = pos;
    }

    @Override
    public boolean isCached() {
        return false;
    }
}
