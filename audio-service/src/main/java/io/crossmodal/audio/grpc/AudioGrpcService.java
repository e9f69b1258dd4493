package io.crossmodal.audio.grpc;

import static io.crossmodal.servicekit.grpc.GrpcReplies.reply;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.tasks.AudioTasks;
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
import io.crossmodal.servicekit.grpc.GrpcRequestScopes;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audio service's gRPC front: each RPC parses its request ({@link AudioProtoMapper}), calls {@link AudioTasks}
 * and maps the answer back, and {@code GrpcReplies.reply} sends it or its error, reported on the request field that
 * held the audio when the audio itself is at fault.
 *
 * <p>Every unary RPC starts on a worker thread ({@code @Blocking}): decoding waits for a decoding thread and the
 * synthesizers run as processes. No thread waits on a model: what follows the voice-activity detector is composed
 * onto its future.
 */
@GrpcService
public class AudioGrpcService extends AudioServiceGrpc.AudioServiceImplBase {

    private final long maxInboundMessageBytes;
    private final AudioTasks audio;
    private final AudioModels models;

    public AudioGrpcService(
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304")
                    long maxInboundMessageBytes,
            AudioTasks audio,
            AudioModels models) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
        this.audio = audio;
        this.models = models;
    }

    @Override
    @Blocking
    public void detectSpeech(DetectSpeechRequest request, StreamObserver<DetectSpeechResponse> observer) {
        reply(
                observer,
                "audio",
                () -> audio.detectSpeech(
                                AudioProtoMapper.clip(request.getAudio()),
                                request.getThreshold(),
                                request.getMinSpeechMs(),
                                request.getMinSilenceMs(),
                                GrpcRequestScopes.current())
                        .thenApply(AudioProtoMapper::detectSpeechResponse));
    }

    @Override
    @Blocking
    public void embedAudio(EmbedAudioRequest request, StreamObserver<EmbedAudioResponse> observer) {
        reply(
                observer,
                "clips",
                () -> audio.embed(
                                AudioProtoMapper.clips(request),
                                request.getModel(),
                                request.getPerSegment(),
                                GrpcRequestScopes.current())
                        .thenApply(AudioProtoMapper::embedAudioResponse));
    }

    @Override
    @Blocking
    public void transcribe(TranscribeRequest request, StreamObserver<TranscribeResponse> observer) {
        reply(
                observer,
                "audio",
                () -> audio.transcribe(
                                AudioProtoMapper.clip(request.getAudio()),
                                request.getModel(),
                                request.getLanguage(),
                                GrpcRequestScopes.current())
                        .thenApply(AudioProtoMapper::transcribeResponse));
    }

    /** See {@link StreamingTranscribeObserver}; the call's deadline and cancellation are captured here. */
    @Override
    public StreamObserver<StreamingTranscribeRequest> streamingTranscribe(
            StreamObserver<StreamingTranscribeResponse> observer) {
        return new StreamingTranscribeObserver(audio, GrpcRequestScopes.current(), observer);
    }

    @Override
    @Blocking
    public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> observer) {
        reply(
                observer,
                () -> audio.synthesize(
                                request.getText(), request.getLanguage(), request.getVoice(), request.getSampleRateHz())
                        .thenApply(AudioProtoMapper::synthesizeResponse));
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        reply(observer, () -> completedFuture(AudioProtoMapper.listModels(models, maxInboundMessageBytes)));
    }
}
