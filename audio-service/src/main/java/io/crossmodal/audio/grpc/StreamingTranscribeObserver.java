package io.crossmodal.audio.grpc;

import io.crossmodal.audio.tasks.AudioTasks;
import io.crossmodal.audio.transcribe.SegmentTranscript;
import io.crossmodal.audio.transcribe.StreamingTranscription;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * One StreamingTranscribe call: a config message, then audio chunks. Each chunk is decoded and transcribed as it
 * arrives ({@link StreamingTranscription}); a partial hypothesis goes back whenever it changed, and after the
 * client half-closes one final message carries the whole result, equal to what Transcribe gives for the same audio.
 *
 * <p>The work blocks (decoding, PocketSphinx), so messages are processed on worker threads, strictly one after the
 * other and in order (a small serial queue), never on the transport's thread. Any failure ends the call with its
 * error, mapped by {@link GrpcErrors} like every unary call's (audio at fault is reported on {@code audio}, a media
 * type the decoder refuses on {@code config.mime_type}), and frees the recogniser; so does the client cancelling.
 */
final class StreamingTranscribeObserver implements StreamObserver<StreamingTranscribeRequest> {

    private final AudioTasks audio;
    private final RequestScope scope;
    private final StreamObserver<StreamingTranscribeResponse> responses;
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private boolean running;
    /** Only touched by the serial tasks. */
    private StreamingTranscription transcription;

    private String lastPartial = "";
    private boolean done;

    StreamingTranscribeObserver(
            AudioTasks audio, RequestScope scope, StreamObserver<StreamingTranscribeResponse> responses) {
        this.audio = audio;
        this.scope = scope;
        this.responses = responses;
    }

    @Override
    public void onNext(StreamingTranscribeRequest request) {
        // copy out of the message now: the transport may reuse its buffers
        StreamingTranscribeRequest copy = request;
        enqueue(() -> handle(copy));
    }

    @Override
    public void onError(Throwable t) {
        enqueue(() -> {
            done = true;
            closeTranscription();
        });
    }

    @Override
    public void onCompleted() {
        enqueue(this::complete);
    }

    private void handle(StreamingTranscribeRequest request) {
        if (done) {
            return;
        }
        try {
            switch (request.getPartCase()) {
                case CONFIG -> start(request.getConfig());
                case AUDIO -> audio(request.getAudio().asReadOnlyByteBuffer());
                default ->
                    throw GrpcErrors.invalidArgument("PROTOCOL", "part", "a message must carry the config or audio");
            }
        } catch (RuntimeException e) {
            fail(GrpcErrors.toStatusRuntimeException(e, "audio"));
        }
    }

    private void start(StreamingTranscribeConfig config) {
        if (transcription != null) {
            throw GrpcErrors.invalidArgument("PROTOCOL", "config", "the config must be sent once, first");
        }
        try {
            transcription =
                    audio.streamingTranscription(config.getMimeType(), config.getModel(), config.getLanguage(), scope);
        } catch (RuntimeException e) {
            // the only invalid input without a field of its own here is a media type the decoder refuses
            throw GrpcErrors.toStatusRuntimeException(e, "config.mime_type");
        }
    }

    private void audio(ByteBuffer chunk) {
        if (transcription == null) {
            throw GrpcErrors.invalidArgument("PROTOCOL", "config", "the first message must be the config");
        }
        String partial = transcription.accept(chunk);
        if (!partial.equals(lastPartial)) {
            lastPartial = partial;
            responses.onNext(AudioProtoMapper.partialTranscript(partial));
        }
    }

    private void complete() {
        if (done) {
            return;
        }
        try {
            if (transcription == null) {
                throw GrpcErrors.invalidArgument("PROTOCOL", "config", "the stream ended without a config");
            }
            List<SegmentTranscript> segments = transcription.finish();
            StreamingTranscribeResponse result =
                    AudioProtoMapper.finalTranscript(segments, transcription.decoder(), transcription.recognizerName());
            done = true;
            closeTranscription();
            responses.onNext(result);
            responses.onCompleted();
        } catch (RuntimeException e) {
            fail(GrpcErrors.toStatusRuntimeException(e, "audio"));
        }
    }

    private void fail(RuntimeException error) {
        if (done) {
            return;
        }
        done = true;
        closeTranscription();
        responses.onError(error);
    }

    private void closeTranscription() {
        if (transcription != null) {
            transcription.close();
        }
    }

    /** Runs tasks one at a time, in order, on the worker pool. */
    private void enqueue(Runnable task) {
        synchronized (pending) {
            pending.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        Infrastructure.getDefaultWorkerPool().execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (pending) {
                next = pending.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                fail(GrpcErrors.toStatusRuntimeException(e, "audio"));
            }
        }
    }
}
