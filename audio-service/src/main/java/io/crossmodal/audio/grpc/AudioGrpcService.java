package io.crossmodal.audio.grpc;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.DetectSpeechResponse;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.EmbedAudioResponse;
import io.crossmodal.audio.v1.ListModelsRequest;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.runtime.errors.GrpcErrors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audio service's gRPC front. No audio model or program is wired in yet, so ListModels answers truthfully with
 * none, and every task RPC answers UNIMPLEMENTED (reason MODEL_NOT_INSTALLED) with a message naming the missing
 * model, rather than returning made-up data.
 */
@GrpcService
public class AudioGrpcService extends AudioServiceGrpc.AudioServiceImplBase {

    /** The {@code ErrorInfo.reason} of a task whose model is not installed. */
    static final String MODEL_NOT_INSTALLED = "MODEL_NOT_INSTALLED";

    static final String DETECT_SPEECH_UNAVAILABLE =
            "DetectSpeech is not available yet: the audio service has no voice-activity model installed";
    static final String EMBED_AUDIO_UNAVAILABLE =
            "EmbedAudio is not available yet: the audio service has no speech-embedding model installed";
    static final String TRANSCRIBE_UNAVAILABLE =
            "Transcribe is not available yet: the audio service has no speech-recognition model installed";
    static final String STREAMING_TRANSCRIBE_UNAVAILABLE =
            "StreamingTranscribe is not available yet: the audio service has no speech-recognition model installed";
    static final String SYNTHESIZE_UNAVAILABLE =
            "Synthesize is not available yet: the audio service has no speech-synthesis voice installed";

    private final long maxInboundMessageBytes;

    public AudioGrpcService(
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304")
            long maxInboundMessageBytes) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
    }

    @Override
    public void detectSpeech(DetectSpeechRequest request, StreamObserver<DetectSpeechResponse> observer) {
        observer.onError(notInstalled(DETECT_SPEECH_UNAVAILABLE));
    }

    @Override
    public void embedAudio(EmbedAudioRequest request, StreamObserver<EmbedAudioResponse> observer) {
        observer.onError(notInstalled(EMBED_AUDIO_UNAVAILABLE));
    }

    @Override
    public void transcribe(TranscribeRequest request, StreamObserver<TranscribeResponse> observer) {
        observer.onError(notInstalled(TRANSCRIBE_UNAVAILABLE));
    }

    /** Answers the error at once, before any partial hypothesis, and ignores whatever audio the client still sends. */
    @Override
    public StreamObserver<StreamingTranscribeRequest> streamingTranscribe(
            StreamObserver<StreamingTranscribeResponse> observer) {
        observer.onError(notInstalled(STREAMING_TRANSCRIBE_UNAVAILABLE));
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingTranscribeRequest request) {}

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
        };
    }

    @Override
    public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> observer) {
        observer.onError(notInstalled(SYNTHESIZE_UNAVAILABLE));
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        observer.onNext(ListModelsResponse.newBuilder()
                .setLimits(ServiceLimits.newBuilder().addLimits(Limit.newBuilder()
                        .setName("max_request_bytes")
                        .setValue(maxInboundMessageBytes)
                        .setUnit("bytes")
                        .setDescription("Largest gRPC message the service reads")))
                .build());
        observer.onCompleted();
    }

    private static RuntimeException notInstalled(String message) {
        return GrpcErrors.error(Status.Code.UNIMPLEMENTED, message, MODEL_NOT_INSTALLED);
    }
}
