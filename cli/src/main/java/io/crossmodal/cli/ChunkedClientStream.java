package io.crossmodal.cli;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A client-streaming call that sends one opening message and then a file in chunks: AnalyzeImageStream
 * ({@link ChunkedUpload}) and StreamingTranscribe ({@link TranscriptionStream}).
 *
 * <p>The chunks are read from the file one at a time and sent only when the call is ready for more (gRPC flow
 * control), so a large file is neither read whole into memory nor queued whole in the channel's buffers. Sending
 * stops as soon as the call has ended: the service refuses an oversized or malformed upload early, and the rest of
 * the file need not be read.
 *
 * @param <Q> request message
 * @param <R> response message
 * @param <T> what the call returns in the end
 */
abstract class ChunkedClientStream<Q, R, T> implements ClientResponseObserver<Q, R> {

    /** Completed by the subclass's {@link #onCompleted} (or by {@link #onError}). */
    final CompletableFuture<T> result = new CompletableFuture<>();

    private final Object readiness = new Object();
    private ClientCallStreamObserver<Q> requests;
    private int chunks;
    private long bytes;

    /** Chunks and bytes sent so far. */
    int chunks() {
        return chunks;
    }

    long bytes() {
        return bytes;
    }

    /**
     * Sends {@code first}, then {@code data} in chunks of {@code chunkSize} bytes made into messages by
     * {@code chunk}, then half-closes; a failed read cancels the call and is rethrown.
     */
    final void send(Q first, InputStream data, int chunkSize, Function<ByteString, Q> chunk) throws IOException {
        try {
            requests.onNext(first);
            while (true) {
                byte[] piece = data.readNBytes(chunkSize);
                if (piece.length == 0 || !awaitReady()) {
                    break;
                }
                requests.onNext(chunk.apply(ByteString.copyFrom(piece)));
                chunks++;
                bytes += piece.length;
            }
            if (!result.isDone()) {
                requests.onCompleted();
            }
        } catch (IOException | RuntimeException e) {
            // cancels the call, so the service does not wait for data that will never come
            requests.onError(e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.onError(e);
        }
    }

    /** The call's outcome: the result, or its failure as StatusRuntimeException. */
    final T await() {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException s
                    ? s
                    : Status.fromThrowable(e.getCause()).asRuntimeException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    /** Ends the call with {@code value}, or with INTERNAL saying {@code missing} when it is null. */
    final void finish(T value, String missing) {
        if (value != null) {
            result.complete(value);
        } else {
            result.completeExceptionally(
                    Status.INTERNAL.withDescription(missing).asRuntimeException());
        }
        wake();
    }

    /** Waits until the call takes more messages; false when the call ended meanwhile. */
    private boolean awaitReady() throws InterruptedException {
        synchronized (readiness) {
            while (!requests.isReady() && !result.isDone()) {
                // the timeout only guards against a missed wake-up; the on-ready handler normally ends the wait
                readiness.wait(100);
            }
        }
        return !result.isDone();
    }

    private void wake() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    @Override
    public final void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(this::wake);
    }

    @Override
    public final void onError(Throwable t) {
        result.completeExceptionally(t);
        wake();
    }
}
