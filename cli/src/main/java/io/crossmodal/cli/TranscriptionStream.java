package io.crossmodal.cli;

import com.google.protobuf.ByteString;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One StreamingTranscribe call: the config, the audio in chunks, the half-close; the partial hypotheses the service
 * sends meanwhile go to a listener as they arrive, and the final result is returned.
 *
 * <p>As in {@link ChunkedUpload}, chunks are read from the file one at a time and sent only when the call is ready
 * for more (gRPC flow control), and sending stops as soon as the call has ended (the service refused the config or
 * the audio).
 */
final class TranscriptionStream
        implements ClientResponseObserver<StreamingTranscribeRequest, StreamingTranscribeResponse> {

    private final CompletableFuture<TranscribeResponse> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private final Consumer<String> partials;
    private ClientCallStreamObserver<StreamingTranscribeRequest> requests;
    private TranscribeResponse last;
    private int chunks;
    private long bytes;
    private int partialCount;

    /** The final result, and what went each way. */
    record Outcome(TranscribeResponse result, int chunks, long bytes, int partials) {}

    private TranscriptionStream(Consumer<String> partials) {
        this.partials = partials;
    }

    /**
     * Streams {@code audio} after {@code config} in chunks of {@code chunkSize} bytes; {@code partials} gets each
     * partial hypothesis, on a gRPC thread, in the order they arrive. Returns the final result; a failed call throws
     * StatusRuntimeException, a failed read IOException (after cancelling the call).
     */
    static Outcome transcribe(AudioServiceGrpc.AudioServiceStub stub, StreamingTranscribeConfig config,
            InputStream audio, int chunkSize, Consumer<String> partials) throws IOException {
        TranscriptionStream call = new TranscriptionStream(partials);
        stub.streamingTranscribe(call);
        call.send(config, audio, chunkSize);
        try {
            TranscribeResponse response = call.result.get();
            // the future completed after the last onNext: these fields are all written and visible
            return new Outcome(response, call.chunks, call.bytes, call.partialCount);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException s ? s : Status.fromThrowable(e.getCause())
                    .asRuntimeException();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
        }
    }

    private void send(StreamingTranscribeConfig config, InputStream audio, int chunkSize) throws IOException {
        try {
            requests.onNext(StreamingTranscribeRequest.newBuilder().setConfig(config).build());
            while (true) {
                byte[] chunk = audio.readNBytes(chunkSize);
                if (chunk.length == 0 || !awaitReady()) {
                    break;
                }
                requests.onNext(StreamingTranscribeRequest.newBuilder().setAudio(ByteString.copyFrom(chunk)).build());
                chunks++;
                bytes += chunk.length;
            }
            if (!result.isDone()) {
                requests.onCompleted();
            }
        } catch (IOException | RuntimeException e) {
            // cancels the call, so the service does not wait for audio that will never come
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
    public void beforeStart(ClientCallStreamObserver<StreamingTranscribeRequest> requestStream) {
        requests = requestStream;
        requestStream.setOnReadyHandler(this::wake);
    }

    @Override
    public void onNext(StreamingTranscribeResponse value) {
        if (value.getIsFinal()) {
            last = value.getResult();
        } else {
            partialCount++;
            partials.accept(value.getPartialText());
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
        wake();
    }

    @Override
    public void onCompleted() {
        if (last != null) {
            result.complete(last);
        } else {
            result.completeExceptionally(Status.INTERNAL
                    .withDescription("the service ended the stream without a final result").asRuntimeException());
        }
        wake();
    }
}
