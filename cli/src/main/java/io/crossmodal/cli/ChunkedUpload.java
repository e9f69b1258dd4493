package io.crossmodal.cli;

import com.google.protobuf.ByteString;
import io.crossmodal.vision.v1.AnalyzeImageChunk;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One AnalyzeImageStream call: the header, the file in data chunks, the half-close, then the single response.
 *
 * <p>The chunks are read from the file one at a time and sent only when the call is ready for more (gRPC flow
 * control), so a large file is neither read whole into memory nor queued whole in the channel's buffers. Sending
 * stops as soon as the call has ended: the service refuses an oversized or malformed upload early, and the rest of
 * the file need not be read.
 */
final class ChunkedUpload implements ClientResponseObserver<AnalyzeImageChunk, AnalyzeImageResponse> {

    private final CompletableFuture<AnalyzeImageResponse> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private ClientCallStreamObserver<AnalyzeImageChunk> requests;
    private AnalyzeImageResponse response;

    private ChunkedUpload() {}

    /**
     * Uploads {@code data} after {@code header} in chunks of {@code chunkSize} bytes and returns the response; a
     * failed call throws StatusRuntimeException, a failed read IOException (after cancelling the call).
     */
    static AnalyzeImageResponse upload(VisionServiceGrpc.VisionServiceStub stub, AnalyzeImageHeader header,
            InputStream data, int chunkSize) throws IOException {
        ChunkedUpload call = new ChunkedUpload();
        stub.analyzeImageStream(call);
        call.send(header, data, chunkSize);
        try {
            return call.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException s ? s : Status.fromThrowable(e.getCause())
                    .asRuntimeException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    private void send(AnalyzeImageHeader header, InputStream data, int chunkSize) throws IOException {
        try {
            requests.onNext(AnalyzeImageChunk.newBuilder().setHeader(header).build());
            while (true) {
                byte[] chunk = data.readNBytes(chunkSize);
                if (chunk.length == 0 || !awaitReady()) {
                    break;
                }
                requests.onNext(AnalyzeImageChunk.newBuilder().setData(ByteString.copyFrom(chunk)).build());
            }
            if (!result.isDone()) {
                requests.onCompleted();
            }
        } catch (IOException | RuntimeException e) {
            // cancels the call, so the service does not wait for chunks that will never come
            requests.onError(e);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.onError(e);
        }
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
    public void beforeStart(ClientCallStreamObserver<AnalyzeImageChunk> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(this::wake);
    }

    @Override
    public void onNext(AnalyzeImageResponse value) {
        response = value;
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
        wake();
    }

    @Override
    public void onCompleted() {
        if (response != null) {
            result.complete(response);
        } else {
            result.completeExceptionally(Status.INTERNAL
                    .withDescription("the service ended the call without a response").asRuntimeException());
        }
        wake();
    }
}
