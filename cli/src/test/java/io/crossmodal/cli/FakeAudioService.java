package io.crossmodal.cli;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.audio.v1.AudioInfo;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.DetectSpeechResponse;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.EmbedAudioResponse;
import io.crossmodal.audio.v1.EmbedAudioResult;
import io.crossmodal.audio.v1.ListModelsRequest;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.audio.v1.SegmentEmbedding;
import io.crossmodal.audio.v1.SpeechSegment;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.audio.v1.TranscriptSegment;
import io.crossmodal.audio.v1.WordTiming;
import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.DistanceMetric;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.Media;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.common.v1.TimeSpan;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double of the audio service on a real grpc-java Netty server (a free loopback port), as
 * {@link FakeVisionService} is for the vision service. It records every request and answers canned results; it
 * does not decode audio, it only reads a WAV's fmt chunk and data size (see {@link #info}), so each file gets its
 * own AudioInfo, and anything that is not a WAV is refused as corrupt.
 *
 * <p>Triggers: Transcribe or a stream's config with a language other than en fails with INVALID_ARGUMENT
 * (BadRequest, ErrorInfo UNSUPPORTED_LANGUAGE); a stream whose config names the model {@link #BUSY} fails after
 * its second audio chunk with RESOURCE_EXHAUSTED (RetryInfo, ErrorInfo RECOGNIZER_BUSY); DetectSpeech with a
 * threshold over 1 fails; Synthesize refuses texts over {@link #MAX_CHARS} characters.
 */
final class FakeAudioService implements AutoCloseable {

    static final String SPACE = "fake-oww@0.1.1#r1";
    static final String BUSY = "busy";
    static final int MAX_CHARS = 60;
    /** The transcript of every clip; a stream's partials are its first 1, 2, 3 ... words, one more per chunk. */
    static final List<String> WORDS = List.of("can", "you", "send", "me", "the", "report");
    /** 16 kHz clips embed as X, the others as 0.6 X + 0.8 Y: their cosine is 0.6. */
    static final float[] AT_16K = {1f, 0f, 0f, 0f, 0f, 0f};

    static final float[] OTHER = {0.6f, 0.8f, 0f, 0f, 0f, 0f};

    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Deadline> lastDeadline = new AtomicReference<>();
    final List<TranscribeRequest> transcribes = new CopyOnWriteArrayList<>();
    final List<DetectSpeechRequest> detects = new CopyOnWriteArrayList<>();
    final List<EmbedAudioRequest> embeds = new CopyOnWriteArrayList<>();
    final List<SynthesizeRequest> syntheses = new CopyOnWriteArrayList<>();
    /** The messages of each StreamingTranscribe call, in the order they arrived. */
    final List<List<StreamingTranscribeRequest>> streams = new CopyOnWriteArrayList<>();

    private final Server server;

    FakeAudioService() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service())
                .build()
                .start();
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A 16-bit PCM WAV of {@code millis} ms of a quiet tone at {@code rate} Hz, {@code channels} channels. */
    static byte[] wav(int rate, int channels, int millis) {
        int frames = (int) ((long) rate * millis / 1000);
        int dataBytes = frames * channels * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * channels * 2)
                .putShort((short) (channels * 2))
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            short v = (short) (1000 * Math.sin(2 * Math.PI * 440 * i / rate));
            for (int c = 0; c < channels; c++) {
                b.putShort(v);
            }
        }
        return b.array();
    }

    /** Format, rate, channels, bits and duration from a canonical WAV header; null when it is not one. */
    static AudioInfo info(ByteString data) {
        if (data.size() < 44
                || !data.substring(0, 4).toStringUtf8().equals("RIFF")
                || !data.substring(8, 12).toStringUtf8().equals("WAVE")) {
            return null;
        }
        ByteBuffer b = data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int byteRate = b.getInt(28);
        int bits = b.getShort(34);
        long dataBytes = Integer.toUnsignedLong(b.getInt(40));
        return AudioInfo.newBuilder()
                .setFormat("wav")
                .setSampleRateHz(rate)
                .setChannels(channels)
                .setBitsPerSample(bits)
                .setDurationMs(dataBytes * 1000 / byteRate)
                .build();
    }

    static TimeSpan span(long start, long end) {
        return TimeSpan.newBuilder().setStartMs(start).setEndMs(end).build();
    }

    static SpeechSegment segment(long start, long end, float confidence) {
        return SpeechSegment.newBuilder()
                .setSpan(span(start, end))
                .setConfidence(confidence)
                .build();
    }

    /** "can you send me the report", the words 120 ms apart from 200 ms; "report" without timing or confidence. */
    static TranscribeResponse transcript(AudioInfo audio) {
        TranscriptSegment.Builder seg = TranscriptSegment.newBuilder()
                .setSegment(segment(200, 1000, 0.9f))
                .setText(String.join(" ", WORDS));
        for (int i = 0; i < WORDS.size(); i++) {
            WordTiming.Builder w = WordTiming.newBuilder().setWord(WORDS.get(i));
            if (i < WORDS.size() - 1) {
                w.setSpan(span(200 + 120L * i, 320 + 120L * i)).setConfidence(0.5f + 0.1f * i);
            }
            seg.addWords(w);
        }
        return TranscribeResponse.newBuilder()
                .setText(String.join(" ", WORDS))
                .addSegments(seg)
                .setAudio(audio)
                .setModel("fake-sphinx")
                .build();
    }

    static Embedding embedding(float[] v) {
        Embedding.Builder e = Embedding.newBuilder().setSpaceId(SPACE).setDimension(v.length);
        for (float x : v) {
            e.addValues(x);
        }
        return e.build();
    }

    static EmbeddingSpace space() {
        return EmbeddingSpace.newBuilder()
                .setId(SPACE)
                .setModel("fake-oww")
                .setVersion("0.1.1")
                .setPreprocessingRevision("r1")
                .setDimension(6)
                .addModalities(Modality.MODALITY_AUDIO)
                .setMetric(DistanceMetric.DISTANCE_METRIC_COSINE)
                .setNormalized(true)
                .build();
    }

    static com.google.rpc.Status invalidStatus(String message, String field, String reason) {
        return com.google.rpc.Status.newBuilder()
                .setCode(io.grpc.Status.Code.INVALID_ARGUMENT.value())
                .setMessage(message)
                .addDetails(Any.pack(BadRequest.newBuilder()
                        .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                                .setField(field)
                                .setDescription(message))
                        .build()))
                .addDetails(Any.pack(ErrorInfo.newBuilder()
                        .setReason(reason)
                        .setDomain("crossmodal.io")
                        .build()))
                .build();
    }

    static StatusRuntimeException invalid(String message, String field, String reason) {
        return StatusProto.toStatusRuntimeException(invalidStatus(message, field, reason));
    }

    static StatusRuntimeException corrupt(String field) {
        return invalid(field + ": not a WAV file", field, "CORRUPT");
    }

    static StatusRuntimeException unsupportedLanguage(String field, String language) {
        return invalid(
                field + ": the recogniser fake-sphinx knows [en], not '" + language + "'",
                field,
                "UNSUPPORTED_LANGUAGE");
    }

    static boolean english(String language) {
        return language.isEmpty() || language.equals("en");
    }

    private static final com.google.rpc.Status OK =
            com.google.rpc.Status.newBuilder().setCode(0).build();

    private final class Service extends AudioServiceGrpc.AudioServiceImplBase {

        private void record() {
            calls.incrementAndGet();
            lastDeadline.set(Context.current().getDeadline());
        }

        @Override
        public void transcribe(TranscribeRequest request, StreamObserver<TranscribeResponse> observer) {
            record();
            transcribes.add(request);
            if (!english(request.getLanguage())) {
                observer.onError(unsupportedLanguage("language", request.getLanguage()));
                return;
            }
            AudioInfo info = info(request.getAudio().getData());
            if (info == null) {
                observer.onError(corrupt("audio"));
                return;
            }
            observer.onNext(transcript(info));
            observer.onCompleted();
        }

        @Override
        public void detectSpeech(DetectSpeechRequest request, StreamObserver<DetectSpeechResponse> observer) {
            record();
            detects.add(request);
            if (request.getThreshold() > 1f) {
                observer.onError(invalid(
                        "threshold must be in [0, 1], got " + request.getThreshold(), "threshold", "INVALID_OPTION"));
                return;
            }
            AudioInfo info = info(request.getAudio().getData());
            if (info == null) {
                observer.onError(corrupt("audio"));
                return;
            }
            DetectSpeechResponse.Builder r = DetectSpeechResponse.newBuilder().setAudio(info);
            // clips of a second or more have two segments; shorter ones have no speech
            if (info.getDurationMs() >= 1000) {
                r.addSegments(segment(200, 450, 0.91f)).addSegments(segment(600, 950, 0.8765f));
            }
            observer.onNext(r.build());
            observer.onCompleted();
        }

        @Override
        public void embedAudio(EmbedAudioRequest request, StreamObserver<EmbedAudioResponse> observer) {
            record();
            embeds.add(request);
            EmbedAudioResponse.Builder response =
                    EmbedAudioResponse.newBuilder().addSpaces(space());
            for (int i = 0; i < request.getClipsCount(); i++) {
                Media clip = request.getClips(i);
                AudioInfo info = info(clip.getData());
                if (info == null) {
                    response.addResults(EmbedAudioResult.newBuilder()
                            .setStatus(
                                    invalidStatus("clips[" + i + "]: not a WAV file", "clips[" + i + "]", "CORRUPT")));
                    continue;
                }
                Embedding e = embedding(info.getSampleRateHz() == 16000 ? AT_16K : OTHER);
                EmbedAudioResult.Builder result = EmbedAudioResult.newBuilder()
                        .setStatus(OK)
                        .setEmbedding(e)
                        .setAudio(info);
                if (request.getPerSegment()) {
                    result.addSegments(SegmentEmbedding.newBuilder()
                            .setSegment(segment(200, 450, 0.91f))
                            .setEmbedding(embedding(AT_16K)));
                    result.addSegments(SegmentEmbedding.newBuilder()
                            .setSegment(segment(600, 950, 0.88f))
                            .setEmbedding(embedding(OTHER)));
                }
                response.addResults(result);
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }

        @Override
        public StreamObserver<StreamingTranscribeRequest> streamingTranscribe(
                StreamObserver<StreamingTranscribeResponse> observer) {
            record();
            List<StreamingTranscribeRequest> received = new CopyOnWriteArrayList<>();
            streams.add(received);
            return new StreamObserver<>() {
                private boolean failed;
                private int chunks;
                private String lastPartial = "";
                private ByteString audio = ByteString.EMPTY;

                private void fail(StatusRuntimeException e) {
                    failed = true;
                    observer.onError(e);
                }

                @Override
                public void onNext(StreamingTranscribeRequest request) {
                    received.add(request);
                    if (failed) {
                        return;
                    }
                    if (received.size() == 1) {
                        if (!request.hasConfig()) {
                            fail(invalid("the first message must be the config", "config", "PROTOCOL"));
                        } else if (!english(request.getConfig().getLanguage())) {
                            fail(unsupportedLanguage(
                                    "config.language", request.getConfig().getLanguage()));
                        }
                        return;
                    }
                    audio = audio.concat(request.getAudio());
                    chunks++;
                    if (received.get(0).getConfig().getModel().equals(BUSY) && chunks == 2) {
                        fail(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                                .setCode(io.grpc.Status.Code.RESOURCE_EXHAUSTED.value())
                                .setMessage("every recogniser decoder is busy")
                                .addDetails(Any.pack(RetryInfo.newBuilder()
                                        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                                .setNanos(500_000_000))
                                        .build()))
                                .addDetails(Any.pack(ErrorInfo.newBuilder()
                                        .setReason("RECOGNIZER_BUSY")
                                        .setDomain("crossmodal.io")
                                        .build()))
                                .build()));
                        return;
                    }
                    // one more word per chunk; a partial goes back only when it changed, as the service does
                    String partial = String.join(" ", WORDS.subList(0, Math.min(chunks, WORDS.size())));
                    if (!partial.equals(lastPartial)) {
                        lastPartial = partial;
                        observer.onNext(StreamingTranscribeResponse.newBuilder()
                                .setPartialText(partial)
                                .build());
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onCompleted() {
                    if (failed) {
                        return;
                    }
                    StreamingTranscribeConfig config = received.get(0).getConfig();
                    AudioInfo info = config.getMimeType().startsWith("audio/l16")
                            ? AudioInfo.newBuilder()
                                    .setFormat("l16")
                                    .setSampleRateHz(16000)
                                    .setChannels(1)
                                    .setBitsPerSample(16)
                                    .setDurationMs(audio.size() / 32)
                                    .build()
                            : info(audio);
                    if (info == null) {
                        observer.onError(corrupt("audio"));
                        return;
                    }
                    TranscribeResponse result = transcript(info);
                    observer.onNext(StreamingTranscribeResponse.newBuilder()
                            .setPartialText(result.getText())
                            .setIsFinal(true)
                            .setResult(result)
                            .build());
                    observer.onCompleted();
                }
            };
        }

        @Override
        public void synthesize(SynthesizeRequest request, StreamObserver<SynthesizeResponse> observer) {
            record();
            syntheses.add(request);
            int chars = request.getText().codePointCount(0, request.getText().length());
            if (chars > MAX_CHARS) {
                observer.onError(invalid(
                        "text: " + chars + " characters, more than the limit of " + MAX_CHARS,
                        "text",
                        "TEXT_TOO_LONG"));
                return;
            }
            int rate = request.getSampleRateHz() == 0 ? 16000 : request.getSampleRateHz();
            int millis = 100 * request.getText().split("\\s+").length;
            observer.onNext(SynthesizeResponse.newBuilder()
                    .setAudio(Media.newBuilder()
                            .setData(ByteString.copyFrom(wav(rate, 1, millis)))
                            .setMimeType("audio/wav"))
                    .setDurationMs(millis)
                    .setVoice(request.getLanguage().equals("zh") ? "fake-cmn" : "fake-slt")
                    .build());
            observer.onCompleted();
        }

        @Override
        public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
            record();
            List<ModelInfo> models = new ArrayList<>();
            models.add(ModelInfo.newBuilder()
                    .setName("fake-oww")
                    .setVersion("0.1.1")
                    .setEngine("OnnxRuntime")
                    .setTask("speech-embedding")
                    .setModality(Modality.MODALITY_AUDIO)
                    .setSpace(space())
                    .setBatching(BatchingConfig.newBuilder()
                            .setMaxBatchSize(8)
                            .setMaxQueueDelayMs(2)
                            .setMaxBatchCost(16)
                            .setCostUnit("seconds"))
                    .setState(ModelState.MODEL_STATE_READY)
                    .setIsDefault(true)
                    .build());
            models.add(ModelInfo.newBuilder()
                    .setName("fake-sphinx")
                    .setVersion("5prealpha-en-us")
                    .setEngine("pocketsphinx (JNA)")
                    .setTask("speech-recognition")
                    .setModality(Modality.MODALITY_AUDIO)
                    .addLanguages("en")
                    .setState(ModelState.MODEL_STATE_READY)
                    .setIsDefault(true)
                    .build());
            models.add(ModelInfo.newBuilder()
                    .setName("fake-espeak")
                    .setVersion("af")
                    .setEngine("external process")
                    .setTask("speech-synthesis")
                    .setModality(Modality.MODALITY_AUDIO)
                    .addAllLanguages(Arrays.asList("af", "am", "an", "ar", "cmn", "de", "fr-fr"))
                    .setState(ModelState.MODEL_STATE_READY)
                    .setIsDefault(true)
                    .build());
            models.add(ModelInfo.newBuilder()
                    .setName("speech-synthesizer")
                    .setModality(Modality.MODALITY_AUDIO)
                    .setState(ModelState.MODEL_STATE_FAILED)
                    .setStateMessage("festival not installed")
                    .build());
            observer.onNext(ListModelsResponse.newBuilder()
                    .addAllModels(models)
                    .setLimits(ServiceLimits.newBuilder()
                            .addLimits(Limit.newBuilder()
                                    .setName("max_audio_seconds")
                                    .setValue(600)
                                    .setUnit("seconds")
                                    .setDescription("Longest clip"))
                            .addLimits(Limit.newBuilder()
                                    .setName("max_items_per_call")
                                    .setValue(16)
                                    .setUnit("items")))
                    .build());
            observer.onCompleted();
        }
    }
}
