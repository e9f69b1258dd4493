package io.crossmodal.audio.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.audio.v1.SynthesizeRequest;
import io.crossmodal.audio.v1.SynthesizeResponse;
import io.crossmodal.audio.v1.TranscribeRequest;
import io.crossmodal.audio.v1.TranscribeResponse;
import io.crossmodal.common.v1.Media;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.ManagedChannel;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The saturation metrics of the recogniser and the synthesizers as Prometheus sees them (/q/metrics), after a real
 * Synthesize and Transcribe.
 */
@QuarkusTest
class AudioMetricsTest {

    private static final int PORT = 19093;
    private static final int HTTP_PORT = 18083;

    private static ManagedChannel channel;

    @BeforeAll
    static void connect() throws InterruptedException {
        channel = GrpcTestKit.channel(PORT);
        GrpcTestKit.awaitServing(channel, "", Duration.ofMinutes(3));
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static double sample(String metrics, String name, String task) {
        return GrpcTestKit.sample(metrics, name, "task=\"" + task + "\"").orElse(-1);
    }

    @Test
    void saturationGaugesAreExportedWithSaneValuesAfterSynthesizeAndTranscribe() throws Exception {
        AudioServiceGrpc.AudioServiceBlockingStub audio =
                AudioServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
        SynthesizeResponse speech = audio.synthesize(SynthesizeRequest.newBuilder()
                .setText("can you send me the report before lunch")
                .setLanguage("en")
                .build());
        TranscribeResponse heard = audio.withDeadlineAfter(120, TimeUnit.SECONDS)
                .transcribe(TranscribeRequest.newBuilder()
                        .setAudio(Media.newBuilder()
                                .setData(ByteString.copyFrom(
                                        speech.getAudio().getData().toByteArray()))
                                .setMimeType("audio/wav"))
                        .build());
        assertFalse(heard.getText().isBlank(), heard.toString());

        // both calls have returned: nothing is held or waiting (polled: a scrape may race the last release)
        String metrics = await("both in_use gauges back to 0")
                .atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> GrpcTestKit.scrapeMetrics(HTTP_PORT),
                        m -> sample(m, "crossmodal_program_in_use", "speech-recognition") == 0
                                && sample(m, "crossmodal_program_in_use", "speech-synthesis") == 0);

        assertTrue(
                GrpcTestKit.sample(
                                metrics,
                                "crossmodal_program_capacity",
                                "task=\"speech-recognition\"",
                                "model=\"pocketsphinx-en-us\"")
                        .isPresent(),
                "recogniser tagged with its name");
        assertTrue(
                GrpcTestKit.sample(
                                metrics,
                                "crossmodal_program_capacity",
                                "task=\"speech-synthesis\"",
                                "model=\"festival+espeak-ng\"")
                        .isPresent(),
                "synthesizers tagged with the programs sharing the slots");
        for (String task : List.of("speech-recognition", "speech-synthesis")) {
            assertEquals(2, sample(metrics, "crossmodal_program_capacity", task), task + " capacity (default 2)");
            assertEquals(0, sample(metrics, "crossmodal_program_in_use", task), task + " in use after the calls");
            assertEquals(0, sample(metrics, "crossmodal_program_waiting", task), task + " waiting");
            double rejected = sample(metrics, "crossmodal_program_rejected_total", task);
            assertTrue(rejected >= 0, task + " rejected_total exported: " + rejected);
            assertTrue(sample(metrics, "crossmodal_program_duration_seconds_count", task) >= 1, task + " timer");
        }
        double idle = sample(metrics, "crossmodal_program_idle", "speech-recognition");
        assertTrue(idle >= 1 && idle <= 2, "decoders created and idle after a Transcribe: " + idle);
    }
}
