package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.TranscribeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * One StreamingTranscribe call: the config, the audio in chunks, the half-close; the partial hypotheses the service
 * sends meanwhile go to a listener as they arrive, and the final result is returned.
 *
 * <p>Chunks are sent as flow control allows and sending stops as soon as the call has ended (the service refused
 * the config or the audio): see {@link ChunkedClientStream}.
 */
final class TranscriptionStream
        extends ChunkedClientStream<StreamingTranscribeRequest, StreamingTranscribeResponse, TranscribeResponse> {

    private final Consumer<String> partials;
    private TranscribeResponse last;
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
    static Outcome transcribe(
            AudioServiceGrpc.AudioServiceStub stub,
            StreamingTranscribeConfig config,
            InputStream audio,
            int chunkSize,
            Consumer<String> partials)
            throws IOException {
        TranscriptionStream call = new TranscriptionStream(partials);
        stub.streamingTranscribe(call);
        call.send(
                StreamingTranscribeRequest.newBuilder().setConfig(config).build(),
                audio,
                chunkSize,
                bytes -> StreamingTranscribeRequest.newBuilder().setAudio(bytes).build());
        TranscribeResponse response = call.await();
        // the future completed after the last onNext: these fields are all written and visible
        return new Outcome(response, call.chunks(), call.bytes(), call.partialCount);
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
    public void onCompleted() {
        finish(last, "the service ended the stream without a final result");
    }
}
