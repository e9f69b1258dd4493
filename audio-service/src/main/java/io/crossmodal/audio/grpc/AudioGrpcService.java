package io.crossmodal.audio.grpc;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.asr.SpeechRecognizer;
import io.crossmodal.audio.decode.AudioDecodeException;
import io.crossmodal.audio.decode.DecodedAudio;
import io.crossmodal.audio.decode.Resampler;
import io.crossmodal.audio.decode.WavWriter;
import io.crossmodal.audio.embed.ClipEmbedding;
import io.crossmodal.audio.embed.SpeechEmbedder;
import io.crossmodal.audio.inference.AudioModels;
import io.crossmodal.audio.transcribe.SegmentTranscript;
import io.crossmodal.audio.transcribe.Transcriber;
import io.crossmodal.audio.tts.Synthesis;
import io.crossmodal.audio.tts.SynthesisException;
import io.crossmodal.audio.tts.SynthesizerRouter;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.DetectSpeechResponse;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.EmbedAudioResponse;
import io.crossmodal.audio.v1.EmbedAudioResult;
import io.crossmodal.audio.v1.ListModelsRequest;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.audio.v1.SegmentEmbedding;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.audio.vad.SileroVad;
import io.crossmodal.audio.vad.SpeechSegmenter;
import io.crossmodal.audio.vad.SpeechSpan;
import io.crossmodal.common.v1.Media;
import io.crossmodal.servicekit.grpc.GrpcRequestScopes;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audio service's gRPC front: converts requests, decodes audio (limits from the header first), calls the
 * models and programs, converts replies. Every unary RPC runs on a worker thread: decoding, PocketSphinx and the
 * synthesizer processes block.
 */
@GrpcService
public class AudioGrpcService extends AudioServiceGrpc.AudioServiceImplBase {

    /** Sample rates a client may ask Synthesize for. */
    static final int MIN_OUTPUT_RATE = 8_000;
    static final int MAX_OUTPUT_RATE = 48_000;

    private final long maxInboundMessageBytes;
    private final AudioModels models;
    private final MeterRegistry registry;

    public AudioGrpcService(
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size", defaultValue = "4194304")
            long maxInboundMessageBytes,
            AudioModels models, MeterRegistry registry) {
        this.maxInboundMessageBytes = maxInboundMessageBytes;
        this.models = models;
        this.registry = registry;
    }

    /**
     * Time spent in a program that is not behind a batcher (the recogniser, the synthesizers), per model, so they
     * show up next to the batched models' {@code crossmodal_inference_duration_seconds}.
     */
    private Timer programTimer(String task, String model) {
        return Timer.builder("crossmodal.program.duration")
                .description("Wall time of the recogniser or a synthesizer per call")
                .tag("task", task)
                .tag("model", model)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Speech segments of a clip (Silero VAD over 512-sample windows, its state carried through the clip). */
    @Override
    @Blocking
    public void detectSpeech(DetectSpeechRequest request, StreamObserver<DetectSpeechResponse> observer) {
        try {
            SileroVad vad = models.vad();
            SpeechSegmenter.Config config = segmenting(vad, request.getThreshold(), request.getMinSpeechMs(),
                    request.getMinSilenceMs());
            DecodedAudio audio = decode(request.getAudio(), "audio");
            List<SpeechSpan> spans = vad.detectSpeech(audio.audio(), config, GrpcRequestScopes.current()).join();
            observer.onNext(DetectSpeechResponse.newBuilder()
                    .addAllSegments(spans.stream().map(AudioProtoMapper::segment).toList())
                    .setAudio(AudioProtoMapper.audioInfo(audio))
                    .build());
            observer.onCompleted();
        } catch (RuntimeException e) {
            observer.onError(AudioErrors.other(e));
        }
    }

    private static SpeechSegmenter.Config segmenting(SileroVad vad, float threshold, int minSpeechMs,
            int minSilenceMs) {
        try {
            return vad.config(threshold, minSpeechMs, minSilenceMs);
        } catch (IllegalArgumentException e) {
            throw GrpcErrors.invalidArgument("INVALID_OPTION", "threshold", e.getMessage());
        }
    }

    /**
     * Embeds each clip in the audio space (openWakeWord features pooled over the clip's speech; per segment on
     * request). A clip the decoder refuses gets its own INVALID_ARGUMENT status.
     */
    @Override
    @Blocking
    public void embedAudio(EmbedAudioRequest request, StreamObserver<EmbedAudioResponse> observer) {
        try {
            int max = models.config().maxClipsPerCall();
            if (request.getClipsCount() == 0) {
                throw GrpcErrors.invalidArgument("EMPTY", "clips", "at least one clip is required");
            }
            if (request.getClipsCount() > max) {
                throw GrpcErrors.invalidArgument("TOO_MANY_ITEMS", "clips", request.getClipsCount()
                        + " clips; at most " + max + " per call (max_items_per_call)");
            }
            SpeechEmbedder embedder = models.embedder();
            if (!request.getModel().isEmpty() && !request.getModel().equals(embedder.descriptor().name())) {
                throw GrpcErrors.error(Status.Code.NOT_FOUND, "Unknown speech-embedding model '" + request.getModel()
                        + "'; this service runs " + embedder.descriptor().name(), "MODEL_NOT_FOUND");
            }
            SileroVad vad = models.vad();
            RequestScope scope = GrpcRequestScopes.current();
            EmbedAudioResponse.Builder response = EmbedAudioResponse.newBuilder()
                    .addSpaces(AudioModelInfo.space(embedder));
            for (int i = 0; i < request.getClipsCount(); i++) {
                response.addResults(embedOne(request.getClips(i), "clips[" + i + "]", request.getPerSegment(),
                        vad, embedder, scope));
            }
            observer.onNext(response.build());
            observer.onCompleted();
        } catch (RuntimeException e) {
            observer.onError(AudioErrors.other(e));
        }
    }

    private EmbedAudioResult embedOne(Media clip, String field, boolean perSegment, SileroVad vad,
            SpeechEmbedder embedder, RequestScope scope) {
        DecodedAudio audio;
        try {
            audio = models.decoder().decode(clip.getData().asReadOnlyByteBuffer(), clip.getMimeType());
        } catch (AudioDecodeException e) {
            if (!e.reason().clientError()) {
                throw AudioErrors.decode(e, field);
            }
            return EmbedAudioResult.newBuilder()
                    .setStatus(GrpcErrors.invalidArgumentStatus(e.reason().name(), field, e.getMessage()))
                    .build();
        }
        try {
            List<SpeechSpan> speech = vad.detectSpeech(audio.audio(), vad.defaultConfig(), scope).join();
            ClipEmbedding e = embedder.embed(audio.audio(), speech, perSegment, scope).join();
            EmbedAudioResult.Builder result = EmbedAudioResult.newBuilder()
                    .setStatus(GrpcErrors.ok())
                    .setEmbedding(AudioProtoMapper.embedding(e.spaceId(), e.vector()))
                    .setAudio(AudioProtoMapper.audioInfo(audio));
            for (ClipEmbedding.SegmentEmbedding s : e.segments()) {
                result.addSegments(SegmentEmbedding.newBuilder()
                        .setSegment(AudioProtoMapper.segment(s.segment()))
                        .setEmbedding(AudioProtoMapper.embedding(e.spaceId(), s.vector())));
            }
            return result.build();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                // e.g. a clip too short for one embedding window: this clip's problem, not the call's
                return EmbedAudioResult.newBuilder().setAudio(AudioProtoMapper.audioInfo(audio))
                        .setStatus(GrpcErrors.invalidArgumentStatus("TOO_SHORT", field, bad.getMessage())).build();
            }
            throw e;
        } catch (IllegalArgumentException bad) {
            return EmbedAudioResult.newBuilder().setAudio(AudioProtoMapper.audioInfo(audio))
                    .setStatus(GrpcErrors.invalidArgumentStatus("TOO_SHORT", field, bad.getMessage())).build();
        }
    }

    /**
     * The whole clip's transcript, aligned with its speech segments: the recogniser runs on each segment the
     * voice-activity detector finds.
     */
    @Override
    @Blocking
    public void transcribe(TranscribeRequest request, StreamObserver<TranscribeResponse> observer) {
        try {
            SpeechRecognizer recognizer = recognizerFor(request.getModel(), request.getLanguage());
            SileroVad vad = models.vad();
            DecodedAudio audio = decode(request.getAudio(), "audio");
            List<SpeechSpan> spans = vad.detectSpeech(audio.audio(), vad.defaultConfig(), GrpcRequestScopes.current())
                    .join();
            List<SegmentTranscript> segments = programTimer("speech-recognition", recognizer.name()).record(
                    () -> Transcriber.recognizeAll(recognizer, audio.audio(), spans, audio.sampleRateHz()));
            observer.onNext(AudioProtoMapper.transcript(segments, AudioProtoMapper.audioInfo(audio),
                    recognizer.name()));
            observer.onCompleted();
        } catch (RuntimeException e) {
            observer.onError(AudioErrors.other(e));
        }
    }

    /** NOT_FOUND for another recogniser name, INVALID_ARGUMENT for a language it does not recognise. */
    SpeechRecognizer recognizerFor(String model, String language) {
        SpeechRecognizer recognizer = models.recognizer();
        if (!model.isEmpty() && !model.equals(recognizer.name())) {
            throw GrpcErrors.error(Status.Code.NOT_FOUND, "Unknown recogniser '" + model + "'; this service runs "
                    + recognizer.name(), "MODEL_NOT_FOUND");
        }
        if (!recognizer.supportsLanguage(language)) {
            throw GrpcErrors.invalidArgument("UNSUPPORTED_LANGUAGE", "language", "the recogniser "
                    + recognizer.name() + " knows " + recognizer.languages() + ", not '" + language + "'");
        }
        return recognizer;
    }

    /** See {@link StreamingTranscribeObserver}; the call's deadline and cancellation are captured here. */
    @Override
    public StreamObserver<StreamingTranscribeRequest> streamingTranscribe(
            StreamObserver<StreamingTranscribeResponse> observer) {
        return new StreamingTranscribeObserver(this, models, GrpcRequestScopes.current(), observer);
    }

    /** Text to speech: Festival (English) or espeak-ng (other languages), resampled, as a 16-bit WAV. */
    @Override
    @Blocking
    public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> observer) {
        try {
            int rate = request.getSampleRateHz() == 0 ? MonoAudio.MODEL_RATE : request.getSampleRateHz();
            if (rate < MIN_OUTPUT_RATE || rate > MAX_OUTPUT_RATE) {
                throw GrpcErrors.invalidArgument("INVALID_OPTION", "sample_rate_hz", "must be 0 (16000) or in ["
                        + MIN_OUTPUT_RATE + ", " + MAX_OUTPUT_RATE + "], was " + request.getSampleRateHz());
            }
            SynthesizerRouter synthesizer = models.synthesizer();
            long started = System.nanoTime();
            Synthesis speech = synthesizer.synthesize(request.getText(), request.getLanguage(), request.getVoice());
            programTimer("speech-synthesis", speech.synthesizer()).record(System.nanoTime() - started,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            MonoAudio out = speech.audio().sampleRate() == rate ? speech.audio()
                    : Resampler.get().resample(speech.audio(), rate);
            observer.onNext(SynthesizeResponse.newBuilder()
                    .setAudio(Media.newBuilder()
                            .setData(com.google.protobuf.ByteString.copyFrom(WavWriter.toWav16(out)))
                            .setMimeType("audio/wav"))
                    .setDurationMs(out.durationMillis())
                    .setVoice(speech.voice())
                    .build());
            observer.onCompleted();
        } catch (SynthesisException e) {
            observer.onError(AudioErrors.synthesis(e));
        } catch (RuntimeException e) {
            observer.onError(AudioErrors.other(e));
        }
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        observer.onNext(AudioModelInfo.listModels(models, maxInboundMessageBytes));
        observer.onCompleted();
    }

    /** Decodes {@code media}; errors are already gRPC errors naming {@code field}. */
    DecodedAudio decode(Media media, String field) {
        try {
            return models.decoder().decode(media.getData().asReadOnlyByteBuffer(), media.getMimeType());
        } catch (AudioDecodeException e) {
            throw AudioErrors.decode(e, field);
        }
    }
}
