package io.crossmodal.audio.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.DetectSpeechRequest;
import io.crossmodal.audio.v1.EmbedAudioRequest;
import io.crossmodal.audio.v1.ListModelsRequest;
import io.crossmodal.audio.v1.ListModelsResponse;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.common.v1.Media;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The audio service over real gRPC while no audio model or program is installed: health, reflection and metrics
 * work, ListModels says there are no models, and every task RPC refuses with UNIMPLEMENTED instead of inventing
 * results.
 */
@QuarkusTest
class AudioServiceTest {

    /** gRPC test port (%test.quarkus.grpc.server.test-port). */
    private static final int PORT = 19093;
    /** HTTP test port for metrics (%test.quarkus.http.test-port). */
    private static final int HTTP_PORT = 18083;

    private static final String SERVICE = "crossmodal.audio.v1.AudioService";
    /** 100 ms of 16 kHz 16-bit silence: the service must refuse before decoding anything. */
    private static final ByteString PCM = ByteString.copyFrom(new byte[3200]);
    private static final Media CLIP = Media.newBuilder().setData(PCM).setMimeType("audio/l16;rate=16000").build();

    private static ManagedChannel channel;
    private static AudioServiceGrpc.AudioServiceBlockingStub audio;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestKit.channel(PORT);
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(1));
        audio = AudioServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    /** A deadline per call: a stub's deadline is fixed when the stub is made. */
    private static AudioServiceGrpc.AudioServiceBlockingStub audio() {
        return audio.withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static void assertNotInstalled(String message, Executable call) {
        GrpcTestKit.assertModelNotInstalled(assertThrows(StatusRuntimeException.class, call), message);
    }

    @Test
    void healthIsServingForTheServerAndTheAudioService() {
        assertEquals(ServingStatus.SERVING, GrpcTestKit.health(channel, ""));
        assertEquals(ServingStatus.SERVING, GrpcTestKit.health(channel, SERVICE));
    }

    @Test
    void reflectionListsTheAudioServiceAndHealth() throws Exception {
        List<String> services = GrpcTestKit.reflectedServices(channel);
        assertTrue(services.contains(SERVICE), services.toString());
        assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
    }

    @Test
    void listModelsReportsNoModelsAndTheServiceLimits() {
        ListModelsResponse r = audio().listModels(ListModelsRequest.getDefaultInstance());
        assertEquals(0, r.getModelsCount(), r.toString());
        assertTrue(r.getLimits().getLimitsCount() > 0, r.toString());
        assertTrue(r.getLimits().getLimitsList().stream().anyMatch(l -> l.getName().equals("max_request_bytes")
                && l.getValue() == 33_554_432 && l.getUnit().equals("bytes")), r.toString());
    }

    @Test
    void detectSpeechIsUnimplementedWithoutAVoiceActivityModel() {
        assertNotInstalled(
                "DetectSpeech is not available yet: the audio service has no voice-activity model installed",
                () -> audio().detectSpeech(DetectSpeechRequest.newBuilder().setAudio(CLIP).build()));
    }

    @Test
    void embedAudioIsUnimplementedWithoutASpeechEmbeddingModel() {
        assertNotInstalled(
                "EmbedAudio is not available yet: the audio service has no speech-embedding model installed",
                () -> audio().embedAudio(EmbedAudioRequest.newBuilder().addClips(CLIP).addClips(CLIP)
                        .setPerSegment(true).build()));
    }

    @Test
    void transcribeIsUnimplementedWithoutASpeechRecognitionModel() {
        assertNotInstalled(
                "Transcribe is not available yet: the audio service has no speech-recognition model installed",
                () -> audio().transcribe(TranscribeRequest.newBuilder().setAudio(CLIP).setLanguage("en").build()));
    }

    @Test
    void streamingTranscribeRefusesAtOnceWithoutPartialsAndIgnoresFurtherAudio() throws Exception {
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        AtomicInteger responses = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        StreamObserver<StreamingTranscribeRequest> stream = AudioServiceGrpc.newStub(channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .streamingTranscribe(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamingTranscribeResponse value) {
                        responses.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.incrementAndGet();
                        error.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        error.complete(new AssertionError("the call completed without an error"));
                    }
                });
        stream.onNext(StreamingTranscribeRequest.newBuilder().setConfig(StreamingTranscribeConfig.newBuilder()
                .setMimeType("audio/l16;rate=16000").setLanguage("en")).build());
        // The refusal arrives while the client is still streaming, before it half-closes.
        Throwable refused = error.get(10, TimeUnit.SECONDS);
        stream.onNext(StreamingTranscribeRequest.newBuilder().setAudio(PCM).build());
        stream.onNext(StreamingTranscribeRequest.newBuilder().setAudio(PCM).build());
        stream.onCompleted();
        GrpcTestKit.assertModelNotInstalled(refused, "StreamingTranscribe is not available yet: the audio service has"
                + " no speech-recognition model installed");
        Thread.sleep(200);
        assertEquals(0, responses.get(), "a partial hypothesis was sent");
        assertEquals(1, errors.get());
    }

    @Test
    void synthesizeIsUnimplementedWithoutASpeechSynthesisVoice() {
        assertNotInstalled(
                "Synthesize is not available yet: the audio service has no speech-synthesis voice installed",
                () -> audio().synthesize(SynthesizeRequest.newBuilder().setText("Hello.").setLanguage("en").build()));
    }

    @Test
    void prometheusEndpointExposesGrpcServerSeriesAfterACall() throws Exception {
        audio().listModels(ListModelsRequest.getDefaultInstance());
        assertThrows(StatusRuntimeException.class,
                () -> audio().transcribe(TranscribeRequest.newBuilder().setAudio(CLIP).build()));
        assertTrue(GrpcTestKit.awaitSample(HTTP_PORT, "grpc_server_processing_duration_seconds_count",
                "service=\"" + SERVICE + "\"", "method=\"ListModels\"", "statusCode=\"OK\"") >= 1,
                "no grpc_server series for ListModels");
        assertTrue(GrpcTestKit.awaitSample(HTTP_PORT, "grpc_server_processing_duration_seconds_count",
                "service=\"" + SERVICE + "\"", "method=\"Transcribe\"", "statusCode=\"UNIMPLEMENTED\"") >= 1,
                "refused calls are not counted by status");
    }
}
