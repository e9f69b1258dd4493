package io.crossmodal.audio.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.asr.WordErrorRate;
import io.crossmodal.audio.decode.AudioDecoder;
import io.crossmodal.audio.decode.WavWriter;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.DetectSpeechResponse;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.EmbedAudioResponse;
import io.crossmodal.audio.v1.ListModelsRequest;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.common.v1.Media;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audio service through its real gRPC API on the real models and programs: Silero VAD, openWakeWord features,
 * PocketSphinx, Festival and espeak-ng. Speech comes from the service's own Synthesize (Festival's SLT voice), so
 * the round trip text -> speech -> text is what is measured.
 */
@QuarkusTest
class AudioServiceTest {

    private static final int PORT = 19093;
    private static final String SERVICE = "crossmodal.audio.v1.AudioService";
    static final String REPORT = "can you send me the report before lunch";

    private static ManagedChannel channel;
    private static AudioServiceGrpc.AudioServiceBlockingStub audio;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestKit.channel(PORT);
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3));
        audio = AudioServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static AudioServiceGrpc.AudioServiceBlockingStub audio() {
        return audio.withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    static Media wav(byte[] data) {
        return Media.newBuilder()
                .setData(ByteString.copyFrom(data))
                .setMimeType("audio/wav")
                .build();
    }

    /** Festival's rendering of {@code text} through Synthesize, as WAV bytes at {@code rate}. */
    static byte[] speak(String text, int rate) {
        SynthesizeResponse r = audio().synthesize(SynthesizeRequest.newBuilder()
                .setText(text)
                .setLanguage("en")
                .setSampleRateHz(rate)
                .build());
        return r.getAudio().getData().toByteArray();
    }

    static MonoAudio decode16k(byte[] wav) throws Exception {
        try (AudioDecoder decoder = new AudioDecoder()) {
            return decoder.decode(wav, "audio/wav").audio();
        }
    }

    static String transcribe(byte[] wav) {
        return audio().transcribe(
                        TranscribeRequest.newBuilder().setAudio(wav(wav)).build())
                .getText();
    }

    static String reason(Throwable e) throws Exception {
        return StatusProto.fromThrowable(e).getDetailsList().stream()
                .filter(d -> d.is(ErrorInfo.class))
                .findFirst()
                .orElseThrow()
                .unpack(ErrorInfo.class)
                .getReason();
    }

    @Test
    void healthIsServingAndListModelsReportsEveryModelAndTheLimits() {
        assertEquals(ServingStatus.SERVING, GrpcTestKit.health(channel, ""));
        assertEquals(ServingStatus.SERVING, GrpcTestKit.health(channel, SERVICE));
        ListModelsResponse r = audio().listModels(ListModelsRequest.getDefaultInstance());
        List<String> names = r.getModelsList().stream().map(m -> m.getName()).toList();
        assertTrue(names.containsAll(List.of("silero-vad", "openwakeword-embedding")), names.toString());
        assertTrue(r.getModelsList().stream().anyMatch(m -> m.getTask().equals("speech-recognition")), r.toString());
        assertTrue(
                r.getModelsList().stream()
                                .filter(m -> m.getTask().equals("speech-synthesis"))
                                .count()
                        >= 2,
                r.toString());
        assertEquals(
                "openwakeword-embedding@0.1.1#r1",
                r.getModelsList().stream()
                        .filter(m -> m.getName().equals("openwakeword-embedding"))
                        .findFirst()
                        .orElseThrow()
                        .getSpace()
                        .getId());
        List<String> limits =
                r.getLimits().getLimitsList().stream().map(l -> l.getName()).toList();
        assertTrue(
                limits.containsAll(List.of(
                        "max_request_bytes",
                        "max_audio_bytes",
                        "max_audio_seconds",
                        "max_items_per_call",
                        "max_synthesis_chars")),
                limits.toString());
    }

    @Test
    void festivalsReportBeforeLunchComesBackWithAtLeastSevenOfItsEightWords() throws Exception {
        String heard = transcribe(speak(REPORT, 16_000));
        List<String> said = List.of(REPORT.split(" "));
        List<String> got = List.of(heard.toLowerCase().split("\\s+"));
        long found = said.stream().filter(got::contains).count();
        double wer = WordErrorRate.compute(REPORT, heard).rate();
        assertTrue(found >= 7, String.format("heard \"%s\" (%d of 8 words, WER %.1f %%)", heard, found, 100 * wer));
        String metrics = GrpcTestKit.scrapeMetrics(18083);
        for (String task : List.of("speech-recognition", "speech-synthesis")) {
            double calls = GrpcTestKit.sample(
                            metrics, "crossmodal_program_duration_seconds_count", "task=\"" + task + "\"")
                    .orElse(0);
            assertTrue(calls >= 1, task + " timer in /q/metrics: " + calls);
        }
    }

    @Test
    void otherRatesAndStereoGiveTheSameTranscriptAs16kMono() throws Exception {
        String text = "please remember to buy fresh bread and milk on your way home";
        String reference = transcribe(speak(text, 16_000));
        assertTrue(WordErrorRate.compute(text, reference).rate() <= 0.3, "16 kHz: " + reference);
        for (int rate : new int[] {44_100, 48_000}) {
            assertEquals(reference, transcribe(speak(text, rate)), "transcript at " + rate + " Hz");
        }
        // 8 kHz audio has nothing above 4 kHz, where the 16 kHz acoustic model still listens; BandwidthFill fills that
        // band (without it the recogniser heard "one")
        assertEquals(reference, transcribe(speak(text, 8_000)), "transcript at 8000 Hz");
        MonoAudio mono = decode16k(speak(text, 16_000));
        assertEquals(reference, transcribe(stereo(mono)), "stereo (the same speech on both channels)");
    }

    /** A 16-bit stereo WAV with {@code audio} on both channels. */
    static byte[] stereo(MonoAudio audio) {
        float[] s = audio.samples();
        ByteBuffer b = ByteBuffer.allocate(44 + 4 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 4 * s.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 2)
                .putInt(audio.sampleRate())
                .putInt(audio.sampleRate() * 4)
                .putShort((short) 4)
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(4 * s.length);
        for (float v : s) {
            short x = WavWriter.toPcm16(v);
            b.putShort(x).putShort(x);
        }
        return b.array();
    }

    @Test
    void streamingGivesPartialsAndThenTheUnaryTranscript() throws Exception {
        byte[] wav = speak(REPORT + ". the meeting moved to three o'clock", 16_000);
        TranscribeResponse unary = audio().transcribe(
                        TranscribeRequest.newBuilder().setAudio(wav(wav)).build());
        List<StreamingTranscribeResponse> got = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        StreamObserver<StreamingTranscribeRequest> upload = AudioServiceGrpc.newStub(channel)
                .withDeadlineAfter(120, TimeUnit.SECONDS)
                .streamingTranscribe(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamingTranscribeResponse value) {
                        got.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        done.complete(null);
                    }
                });
        upload.onNext(StreamingTranscribeRequest.newBuilder()
                .setConfig(StreamingTranscribeConfig.newBuilder()
                        .setMimeType("audio/wav")
                        .setLanguage("en"))
                .build());
        for (int offset = 0; offset < wav.length; offset += 3_200) {
            upload.onNext(StreamingTranscribeRequest.newBuilder()
                    .setAudio(ByteString.copyFrom(wav, offset, Math.min(3_200, wav.length - offset)))
                    .build());
        }
        upload.onCompleted();
        assertEquals(null, done.get(120, TimeUnit.SECONDS));
        StreamingTranscribeResponse last = got.get(got.size() - 1);
        assertTrue(last.getIsFinal());
        assertTrue(got.size() >= 2, "partial hypotheses before the final one: " + got.size());
        assertTrue(got.subList(0, got.size() - 1).stream().noneMatch(StreamingTranscribeResponse::getIsFinal));
        assertEquals(unary.getText(), last.getResult().getText());
        assertEquals(unary.getSegmentsCount(), last.getResult().getSegmentsCount());
        for (int i = 0; i < unary.getSegmentsCount(); i++) {
            var expected = unary.getSegments(i).getSegment();
            var actual = last.getResult().getSegments(i).getSegment();
            assertEquals(expected.getSpan(), actual.getSpan());
            // the mean probability is summed in another order: equal to float rounding
            assertEquals(expected.getConfidence(), actual.getConfidence(), 1e-4);
            assertEquals(
                    unary.getSegments(i).getText(),
                    last.getResult().getSegments(i).getText());
        }
    }

    @Test
    void detectSpeechFindsSpeechPlacedInsideSilence() throws Exception {
        MonoAudio speech = decode16k(speak("the quick brown fox jumps over the lazy dog", 16_000));
        float[] clip = new float[16_000 * 2 + speech.samples().length + 16_000];
        System.arraycopy(speech.samples(), 0, clip, 32_000, speech.samples().length);
        DetectSpeechResponse r = audio().detectSpeech(DetectSpeechRequest.newBuilder()
                .setAudio(wav(WavWriter.toWav16(new MonoAudio(clip, 16_000))))
                .build());
        assertTrue(r.getSegmentsCount() >= 1, r.toString());
        // where the voice really starts and ends inside the synthesized file (energy above -50 dB of its peak)
        long[] truth = extent(speech.samples());
        long start = 2_000 + truth[0];
        long end = 2_000 + truth[1];
        long first = r.getSegments(0).getSpan().getStartMs();
        long last = r.getSegments(r.getSegmentsCount() - 1).getSpan().getEndMs();
        assertTrue(Math.abs(first - start) <= 100, "start " + first + " vs " + start);
        assertTrue(Math.abs(last - end) <= 100, "end " + last + " vs " + end);
        assertEquals(16_000, r.getAudio().getSampleRateHz());
    }

    /** First and last 10 ms frame whose energy is within 50 dB of the loudest, in ms. */
    static long[] extent(float[] s) {
        int frames = s.length / 160;
        double[] energy = new double[frames];
        double max = 0;
        for (int f = 0; f < frames; f++) {
            for (int i = f * 160; i < (f + 1) * 160; i++) {
                energy[f] += s[i] * s[i];
            }
            max = Math.max(max, energy[f]);
        }
        int first = 0;
        while (first < frames && energy[first] < max * 1e-5) {
            first++;
        }
        int last = frames - 1;
        while (last > 0 && energy[last] < max * 1e-5) {
            last--;
        }
        return new long[] {first * 10L, (last + 1) * 10L};
    }

    @Test
    void embedAudioIsRepeatableAndSeparatesSentencesOfOneVoice() {
        byte[] a = speak("please send the report before lunch", 16_000);
        byte[] b = speak("the weather will be sunny tomorrow afternoon", 16_000);
        byte[] truncated = Arrays.copyOf(a, 30);
        EmbedAudioResponse r = audio().embedAudio(EmbedAudioRequest.newBuilder()
                .addClips(wav(a))
                .addClips(wav(a))
                .addClips(wav(b))
                .addClips(wav(truncated))
                .setPerSegment(true)
                .build());
        assertEquals(4, r.getResultsCount());
        assertEquals("openwakeword-embedding@0.1.1#r1", r.getSpaces(0).getId());
        float[] first = values(r.getResults(0).getEmbedding());
        assertEquals(96, first.length);
        assertArrayEquals(first, values(r.getResults(1).getEmbedding()), 0f, "same clip, same vector");
        assertTrue(r.getResults(0).getSegmentsCount() >= 1);
        assertEquals(
                Status.Code.INVALID_ARGUMENT.value(),
                r.getResults(3).getStatus().getCode(),
                r.getResults(3).getStatus().toString());
        assertEquals(Status.Code.OK.value(), r.getResults(2).getStatus().getCode());
    }

    static float[] values(io.crossmodal.common.v1.Embedding e) {
        float[] v = new float[e.getValuesCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = e.getValues(i);
        }
        return v;
    }

    @Test
    void corruptAndOversizedAudioIsRefusedBeforeTheWork() throws Exception {
        byte[] good = speak("hello there", 16_000);
        StatusRuntimeException truncated = assertThrows(
                StatusRuntimeException.class,
                () -> audio().transcribe(TranscribeRequest.newBuilder()
                        .setAudio(wav(Arrays.copyOf(good, good.length / 2)))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, truncated.getStatus().getCode());
        assertEquals("CORRUPT", reason(truncated));
        StatusRuntimeException headerOnly = assertThrows(
                StatusRuntimeException.class,
                () -> audio().transcribe(TranscribeRequest.newBuilder()
                        .setAudio(wav(Arrays.copyOf(good, 40)))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, headerOnly.getStatus().getCode());
        // a header declaring three hours of 8 kHz mono (172.8 MB) followed by 1 KB: refused from the header
        ByteBuffer h = ByteBuffer.allocate(44 + 1024).order(ByteOrder.LITTLE_ENDIAN);
        int bytes = 3 * 3600 * 8_000 * 2;
        h.put("RIFF".getBytes()).putInt(bytes + 36).put("WAVE".getBytes());
        h.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(8_000)
                .putInt(8_000 * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        h.put("data".getBytes()).putInt(bytes);
        StatusRuntimeException tooLong = assertThrows(
                StatusRuntimeException.class,
                () -> audio().detectSpeech(DetectSpeechRequest.newBuilder()
                        .setAudio(wav(h.array()))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooLong.getStatus().getCode());
        assertEquals("TOO_LONG", reason(tooLong));
        StatusRuntimeException notAudio = assertThrows(
                StatusRuntimeException.class,
                () -> audio().transcribe(TranscribeRequest.newBuilder()
                        .setAudio(Media.newBuilder().setData(ByteString.copyFromUtf8("definitely not audio")))
                        .build()));
        assertEquals("UNSUPPORTED_FORMAT", reason(notAudio));
    }

    @Test
    void synthesizeSpeaksEnglishAndMandarinAtTheRequestedRateAndRefusesBadRequests() throws Exception {
        SynthesizeResponse zh = audio().synthesize(SynthesizeRequest.newBuilder()
                .setText("跨模态检索服务")
                .setLanguage("zh")
                .setSampleRateHz(22_050)
                .build());
        try (AudioDecoder decoder = new AudioDecoder()) {
            var decoded = decoder.decode(zh.getAudio().getData().toByteArray(), "audio/wav");
            assertEquals(22_050, decoded.sampleRateHz());
            assertTrue(decoded.durationMillis() > 500, "duration " + decoded.durationMillis());
        }
        assertTrue(zh.getVoice().contains("cmn"), zh.getVoice());
        StatusRuntimeException tooLong = assertThrows(
                StatusRuntimeException.class,
                () -> audio().synthesize(SynthesizeRequest.newBuilder()
                        .setText("a".repeat(5000))
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooLong.getStatus().getCode());
        StatusRuntimeException badRate = assertThrows(
                StatusRuntimeException.class,
                () -> audio().synthesize(SynthesizeRequest.newBuilder()
                        .setText("hello")
                        .setSampleRateHz(1_000_000)
                        .build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badRate.getStatus().getCode());
    }
}
