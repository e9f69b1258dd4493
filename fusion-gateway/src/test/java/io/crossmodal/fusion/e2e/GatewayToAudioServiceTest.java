package io.crossmodal.fusion.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.StreamingTranscribeConfig;
import io.crossmodal.audio.v1.StreamingTranscribeRequest;
import io.crossmodal.audio.v1.StreamingTranscribeResponse;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.fusion.GatewayTestSupport;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AudioService forwarded by the gateway to the real audio service: the bidirectional StreamingTranscribe through the
 * gateway gives the result it gives directly, and cancelling it at the gateway ends the audio service's call.
 */
@QuarkusTest
@TestProfile(RealAudioServiceProfile.class)
class GatewayToAudioServiceTest {

    private static final String SPEECH = "can you send me the report before lunch";
    /** 100 ms of 16 kHz 16-bit mono. */
    private static final int CHUNK = 3_200;

    private static ManagedChannel gatewayChannel;
    private static ManagedChannel audioChannel;

    @BeforeAll
    static void connect() {
        gatewayChannel = GatewayTestSupport.gatewayChannel();
        audioChannel = GrpcTestKit.channel(RealAudioService.PORT);
    }

    @AfterAll
    static void disconnect() {
        gatewayChannel.shutdownNow();
        audioChannel.shutdownNow();
    }

    private static StreamingTranscribeRequest config() {
        return StreamingTranscribeRequest.newBuilder()
                .setConfig(StreamingTranscribeConfig.newBuilder()
                        .setMimeType("audio/wav")
                        .setLanguage("en"))
                .build();
    }

    /** Streams {@code wav} in 100 ms chunks and returns every answer, the final one last. */
    private static List<StreamingTranscribeResponse> transcribe(ManagedChannel channel, byte[] wav) throws Exception {
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
        upload.onNext(config());
        for (int at = 0; at < wav.length; at += CHUNK) {
            upload.onNext(StreamingTranscribeRequest.newBuilder()
                    .setAudio(ByteString.copyFrom(wav, at, Math.min(CHUNK, wav.length - at)))
                    .build());
        }
        upload.onCompleted();
        assertNull(done.get(120, TimeUnit.SECONDS));
        return got;
    }

    @Test
    void streamingTranscribeThroughTheGatewayEqualsDirect() throws Exception {
        byte[] wav = AudioServiceGrpc.newBlockingStub(gatewayChannel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .synthesize(SynthesizeRequest.newBuilder()
                        .setText(SPEECH)
                        .setLanguage("en")
                        .setSampleRateHz(16_000)
                        .build())
                .getAudio()
                .getData()
                .toByteArray();
        List<StreamingTranscribeResponse> direct = transcribe(audioChannel, wav);
        List<StreamingTranscribeResponse> forwarded = transcribe(gatewayChannel, wav);
        TranscribeResponse expected = direct.get(direct.size() - 1).getResult();
        assertFalse(expected.getText().isBlank());
        StreamingTranscribeResponse last = forwarded.get(forwarded.size() - 1);
        assertTrue(last.getIsFinal());
        assertTrue(forwarded.size() >= 2, "partial hypotheses before the final one: " + forwarded.size());
        assertEquals(expected, last.getResult());
    }

    @Test
    void aSynthesisLargerThanGrpcsDefault4MiBComesThrough() {
        String text = (SPEECH + ". ").repeat(24); // about 55 s of speech: about 5 MB at 48 kHz
        // a client that takes large messages, so the limit under test is the gateway's own
        ManagedChannel large = ManagedChannelBuilder.forAddress("localhost", GatewayTestSupport.GATEWAY_PORT)
                .usePlaintext()
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        var forwarded = AudioServiceGrpc.newBlockingStub(large)
                .withDeadlineAfter(120, TimeUnit.SECONDS)
                .synthesize(SynthesizeRequest.newBuilder()
                        .setText(text)
                        .setLanguage("en")
                        .setSampleRateHz(48_000)
                        .build());
        large.shutdownNow();
        assertTrue(
                forwarded.getAudio().getData().size() > 4 * 1024 * 1024,
                "only " + forwarded.getAudio().getData().size() + " bytes");
    }

    @Test
    void cancellingAForwardedStreamCancelsTheAudioServicesCall() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> audioCallsInFlight() == 0);
        Context.CancellableContext context = Context.current().withCancellation();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        StreamObserver<StreamingTranscribeRequest> upload = context.call(() -> AudioServiceGrpc.newStub(gatewayChannel)
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .streamingTranscribe(new StreamObserver<>() {
                    @Override
                    public void onNext(StreamingTranscribeResponse value) {}

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                }));
        upload.onNext(config());
        await().atMost(Duration.ofSeconds(10)).until(() -> audioCallsInFlight() == 1);
        context.cancel(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> audioCallsInFlight() == 0);
        assertEquals(
                Status.Code.CANCELLED,
                Status.fromThrowable(ended.get(10, TimeUnit.SECONDS)).getCode());
    }

    private static double audioCallsInFlight() throws Exception {
        Matcher m = Pattern.compile("^crossmodal_grpc_calls_in_flight(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(GrpcTestKit.scrapeMetrics(RealAudioService.HTTP_PORT));
        if (!m.find()) {
            throw new AssertionError("no crossmodal_grpc_calls_in_flight on the audio service");
        }
        return Double.parseDouble(m.group(2));
    }
}
